import { randomUUID } from 'node:crypto';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, SAGA_METRICS } from '../../../activities';
import { localActivityDeps } from '../../../activities/local-providers';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createSagaWorker } from '../../../shared/app/saga-worker';
import { startTracing, type Tracing } from '../../../shared/platform/observability/tracing';
import type { Projector } from '../../../shared/platform/projections/view-projector';
import { startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { finalSaga, orderBody, placeOrder, receiveStock, uniqueSku } from '../../support/orders';
import { testDataConverter } from '../../support/test-data-converter';
import { startTestProjector } from '../read-side/read-side-kit';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let api: ApiHarness;
let worker: { stop: () => Promise<void> } | undefined;
let projector: Projector | undefined;
const sku = uniqueSku('trace');

beforeAll(async () => {
  // The production set-up with an in-memory exporter: global provider, W3C propagation, async context.
  tracing = startTracing({ serviceName: 'saga-trace-test', spanProcessor: new SimpleSpanProcessor(exporter) });
  api = await startApiHarness({ MONGODB_READ_DB: `read_${randomUUID().slice(0, 8)}`, ORDER_REVIEW_THRESHOLD_CENTS: '100000000', ORDER_DISPATCH_AFTER: '1 second' });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  const address = process.env.TEMPORAL_ADDRESS ?? '';
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // With tracing, the worker bundles the workflows itself, with the workflow tracing interceptors.
  const created = await createSagaWorker({ address, namespace: 'default', taskQueue: api.config.temporal.taskQueue, activities: createActivities(deps), dataConverter: testDataConverter(deps.db), ...(tracing ? { tracing } : {}) });
  const running = created.worker.run();
  worker = { async stop() { created.worker.shutdown(); await running; await created.connection.close(); } };
  projector = startTestProjector(api.deps.mongo.db, api.deps.mongo.client.db(api.config.mongo.readDbName));
  await projector.start();
  await projector.whenBootstrapped();
  await receiveStock(api, sku, 10);
});

afterAll(async () => {
  await projector?.stop();
  await worker?.stop();
  await api?.deps.mongo.client.db(api.config.mongo.readDbName).dropDatabase().catch(() => undefined);
  await api?.close();
  await tracing?.shutdown();
});

const isApiSpan = (s: ReadableSpan) => s.name === 'POST /orders';

/** The spans of one trace, as soon as every name matched by `wanted` is among them (the runner's timeout bounds it). */
async function traceWith(traceId: string, wanted: readonly RegExp[]): Promise<ReadableSpan[]> {
  for (;;) {
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    if (wanted.every((w) => spans.some((s) => w.test(s.name)))) return spans;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('one trace from POST /orders to the sales-by-state view', () => {
  it('has spans of the API, the workflow, its activities, the append, the relay and the projection', async () => {
    const body = orderBody({ customerId: 'cus_traced', state: 'NY', lines: [{ sku, quantity: 1, unitPriceCents: 4_200 }] });
    const placed = await placeOrder(api, body);
    expect(placed.status).toBe(202);
    expect((await finalSaga(api, body.orderId)).status).toBe('COMPLETED');

    const apiSpan = exporter.getFinishedSpans().find((s) => isApiSpan(s) && s.attributes['saga.correlation_id'] !== undefined && s.attributes['http.response.status_code'] === 202);
    expect(apiSpan, 'the API span of POST /orders').toBeDefined();
    const traceId = (apiSpan as ReadableSpan).spanContext().traceId;
    const spans = await traceWith(traceId, [/^StartWorkflow:/, /^RunWorkflow:/, /^RunActivity:/, /^event-store append$/, /^relay deliver projections$/, /^projection apply sales-by-state$/]);

    const names = spans.map((s) => s.name);
    expect(names).toContain('POST /orders');
    expect(names.some((n) => n.startsWith('RunWorkflow:'))).toBe(true);
    expect(new Set(names.filter((n) => n.startsWith('RunActivity:'))).size, names.join(', ')).toBeGreaterThanOrEqual(2);
    expect(names).toContain('event-store append');
    expect(names).toContain('relay deliver projections');
    expect(names).toContain('projection apply sales-by-state');

    // Every span of the trace hangs off the request: parents are spans of the same trace, up to the API's root.
    const ids = new Set(spans.map((s) => s.spanContext().spanId));
    const orphans = spans.filter((s) => s !== apiSpan && (s.parentSpanId === undefined || !ids.has(s.parentSpanId)));
    expect(orphans.map((s) => s.name)).toEqual([]);
    // The projection's delivery continues the trace of the append that stored the event (traceparent in the envelope).
    const projection = spans.find((s) => s.name === 'projection apply sales-by-state') as ReadableSpan;
    const delivery = spans.find((s) => s.spanContext().spanId === projection.parentSpanId) as ReadableSpan;
    expect(delivery.name).toBe('relay deliver projections');
    expect(spans.find((s) => s.spanContext().spanId === delivery.parentSpanId)?.name).toBe('event-store append');

    // The workflow's interceptor counted the run through its sink (once: sinks are not called on replay).
    const finished = async () => (await SAGA_METRICS.sagasFinished.get()).values.find((v) => v.labels.workflow === 'orderFulfilmentSaga' && v.labels.outcome === 'completed')?.value ?? 0;
    while ((await finished()) < 1) await new Promise((r) => setTimeout(r, 100));
    expect(await finished()).toBe(1);
    expect((await SAGA_METRICS.sagasStarted.get()).values.find((v) => v.labels.workflow === 'orderFulfilmentSaga')?.value).toBe(1);

    // And the view the trace ends in has the order.
    const report = await api.request('GET', `/reports/sales-by-state?orderId=${body.orderId}&minVersion=2`, { key: TEST_KEYS.queries });
    expect(report.status).toBe(200);
  });
});
