/**
 * Two styles of saga in one run (issue 15): order fulfilment by orchestration (one workflow owns
 * the sequence) and returns by choreography (each context reacts to the others' public messages),
 * on the same event store, relay and Temporal server. For each flow: latency from the REST request
 * to its final state, events stored, public messages published, deliveries to participants and
 * Temporal history events.
 *
 *   npx tsx bench/saga-styles.ts [--flows N] [--concurrency C] [--poll-ms P]
 *
 * Starts its own Temporal dev server, FerretDB, API, worker and participants relay (production
 * relay settings unless --poll-ms); writes bench/results/saga-styles.json.
 */
// First: the API's modules extend zod with .openapi() before any schema is built.
import { startApiHarness, TEST_KEYS, type ApiHarness } from '../test/support/api-harness';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { localActivityDeps } from '../activities/local-providers';
import { returnParticipants } from '../shared/app/return-participants';
import { publicMessageCatalogue } from '../shared/domain/message-catalog';
import { EventStore } from '../shared/platform/event-store';
import type { EventEnvelope } from '../shared/platform/event-store/event-envelope';
import { OutboxRelay } from '../shared/platform/outbox';
import { OUTBOX_COLLECTIONS } from '../shared/platform/outbox/outbox-collections';
import { startFerretDb, startTemporalDevServer } from '../test/support/servers';
import { startTestWorker } from '../test/support/test-worker';
import { summarize, type LatencySummary } from './latency-summary';

interface Options { flows: number; concurrency: number; pollMs: number | undefined }

function parseArgs(argv: string[]): Options {
  const value = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : undefined; };
  const options = { flows: value('--flows') ?? 10, concurrency: value('--concurrency') ?? 2, pollMs: value('--poll-ms') };
  if (![options.flows, options.concurrency].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--flows and --concurrency must be positive integers');
  return options;
}

/** Runs `count` operations with `concurrency` in flight; each returns its latency in ms. */
async function closedLoop(count: number, concurrency: number, run: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < count; i = next++) {
      const started = performance.now();
      await run(i);
      latencies.push(performance.now() - started);
    }
  }));
  return latencies;
}

async function post(api: ApiHarness, path: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const res = await api.request('POST', path, { key: TEST_KEYS.commands, body, headers });
  if (res.status >= 300) throw new Error(`POST ${path}: HTTP ${res.status} ${await res.text()}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function everyEvent(store: EventStore): Promise<EventEnvelope[]> {
  const events: EventEnvelope[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), limit: 5_000 });
    events.push(...page.events);
    after = page.checkpoint;
    if (page.events.length < 5_000) return events;
  }
}

interface FlowReport {
  readonly style: 'orchestration' | 'choreography';
  readonly flow: string;
  readonly latencyMs: LatencySummary;
  /** Per flow (mean). */
  readonly storedEvents: number;
  readonly publicMessages: number;
  readonly participantDeliveries: number;
  readonly workflows: number;
  readonly temporalHistoryEvents: number;
  readonly activityTasks: number;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.error(line);
  const started = performance.now();
  const loadBefore = loadavg();
  log('starting Temporal dev server and FerretDB...');
  const [temporal, ferret] = await Promise.all([startTemporalDevServer(), startFerretDb()]);
  process.env.TEMPORAL_ADDRESS = temporal.address;
  const cleanups: (() => Promise<unknown>)[] = [() => temporal.stop(), () => ferret.stop()];
  try {
    const api = await startApiHarness({
      TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: ferret.address,
      ORDER_DISPATCH_AFTER: '1 ms', ORDER_REVIEW_THRESHOLD_CENTS: '1000000000', RETURN_REFUND_RETRY_BUDGET: '1 minute',
    });
    cleanups.push(() => api.close());
    const db = api.deps.mongo.db;
    // The parcel is at the warehouse as soon as its label exists: the bench measures the platform, not a carrier.
    const deps = localActivityDeps(db, api.deps.dataKeys, { returnParcelTransitMs: 1 });
    await deps.eventStore.ensureIndexes();
    log('bundling workflows and starting the worker...');
    const worker = await startTestWorker(api.config.temporal.taskQueue, deps);
    cleanups.push(() => worker.stop());
    const relay = new OutboxRelay(db, {
      ...(options.pollMs === undefined ? {} : { pollIntervalMs: options.pollMs }),
      subscribers: returnParticipants({
        db, store: deps.eventStore, catalogue: publicMessageCatalogue, temporal: api.deps.temporal.client, taskQueue: api.config.temporal.taskQueue,
        refundRetryBudget: '1 minute', participants: ['ordering', 'shipping', 'payments', 'inventory', 'loyalty'], inboxAbandonAfterMs: 60_000,
      }),
    });
    relay.start();
    cleanups.push(() => relay.stop());

    const { flows, concurrency } = options;
    const orderId = (i: number) => `bench_order_${i}`;
    const returnId = (i: number) => `bench_return_${i}`;
    const sku = (i: number) => `BENCH-${i}`;
    for (let i = 0; i < flows; i++) await post(api, `/inventory/${sku(i)}/receipts`, { quantity: 5 });

    log(`orchestration: ${flows} orders, ${concurrency} in flight...`);
    const orderLatencies = await closedLoop(flows, concurrency, async (i) => {
      await post(api, '/orders', {
        orderId: orderId(i), customerId: `bench_customer_${i}`, lines: [{ sku: sku(i), quantity: 2, unitPriceCents: 1_500 }],
        shippingAddress: { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' },
        payment: { card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030 } },
      }, { 'x-correlation-id': orderId(i) });
      const result = (await api.deps.temporal.client.workflow.getHandle(`order-${orderId(i)}`).result()) as { status: string };
      if (result.status !== 'COMPLETED') throw new Error(`order ${orderId(i)} ended ${result.status}`);
    });

    log(`choreography: ${flows} returns, ${concurrency} in flight...`);
    const returnLatencies = await closedLoop(flows, concurrency, async (i) => {
      await post(api, `/orders/${orderId(i)}/returns`, { returnId: returnId(i), lines: [{ sku: sku(i), quantity: 2 }], reason: 'no-longer-needed' });
      // Final state: ordering closed the return (it does so once it has heard of the refund and the restock).
      for (;;) {
        const types = (await deps.eventStore.readStream(`order-returns-${orderId(i)}`)).map((e) => e.type);
        if (types.includes('return-failed')) throw new Error(`return ${returnId(i)} failed`);
        if (types.includes('return-completed')) return;
        await sleep(20);
      }
    });

    // Loyalty's decision may land after ordering closed the return: let the last reactions finish before counting.
    await sleep(5_000);
    log('counting events, messages and workflow histories...');
    const events = await everyEvent(new EventStore(db, { readAllSettleMs: 0 }));
    const published = new Set(publicMessageCatalogue.published().flatMap((d) => d.derivedFrom));
    const perFlow = (ids: (i: number) => string) => {
      const mine = new Set(Array.from({ length: flows }, (_, i) => ids(i)));
      const flowEvents = events.filter((e) => mine.has(e.correlationId));
      return { storedEvents: flowEvents.length / flows, publicMessages: flowEvents.filter((e) => published.has(e.type)).length / flows };
    };
    const histories = async (workflowIds: string[]) => {
      let total = 0;
      let activities = 0;
      for (const id of workflowIds) {
        const history = await api.deps.temporal.client.workflow.getHandle(id).fetchHistory();
        total += history.events?.length ?? 0;
        activities += (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length;
      }
      return { temporalHistoryEvents: total / flows, activityTasks: activities / flows };
    };
    const deliveries = await db.collection(OUTBOX_COLLECTIONS.inbox).countDocuments({ consumer: { $regex: '^returns\\.' }, state: 'done' });
    const indices = Array.from({ length: flows }, (_, i) => i);

    const reports: FlowReport[] = [
      {
        style: 'orchestration', flow: 'order fulfilment (POST /orders → saga COMPLETED)', latencyMs: summarize(orderLatencies),
        ...perFlow(orderId), participantDeliveries: 0, workflows: 1, ...(await histories(indices.map((i) => `order-${orderId(i)}`))),
      },
      {
        style: 'choreography', flow: 'return (POST /orders/{id}/returns → return-completed)', latencyMs: summarize(returnLatencies),
        ...perFlow(returnId), participantDeliveries: deliveries / flows, workflows: 2,
        ...(await histories(indices.flatMap((i) => [`return-parcel-${returnId(i)}`, `return-refund-${returnId(i)}`]))),
      },
    ];
    const notes = [
      `Relay poll interval ${options.pollMs ?? 500} ms (${options.pollMs === undefined ? 'the production default' : 'set by --poll-ms'}); each choreography hop waits for a poll.`,
      'Orders: dispatch window 1 ms, no review. Returns: the simulated carrier scans the parcel in at once. Simulated providers answer after 20-80 ms.',
      'Per flow: the mean over the flows. Public messages: stored events a published message derives from. Deliveries: reactions recorded in the participants\' inboxes.',
      `Closed loop, ${concurrency} flows in flight; the orders ran first, then one return of each order.`,
      `Load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs (shared machine).`,
    ];
    const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
    console.log('\n| style | flow | p50 ms | p99 ms | events stored | public messages | participant deliveries | workflows | Temporal history events | activity tasks |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of reports) {
      console.log(`| ${r.style} | ${r.flow} | ${r.latencyMs.p50.toFixed(0)} | ${r.latencyMs.p99.toFixed(0)} | ${f(r.storedEvents)} | ${f(r.publicMessages)} | ${f(r.participantDeliveries)} | ${r.workflows} | ${f(r.temporalHistoryEvents)} | ${f(r.activityTasks)} |`);
    }
    const [orders, returns] = reports as [FlowReport, FlowReport];
    const ratio = returns.latencyMs.p50 / orders.latencyMs.p50;
    console.log(`\nreturn p50 / order p50 = ${ratio.toFixed(2)}\n${notes.map((n) => `- ${n}`).join('\n')}`);

    const resultsPath = new URL('./results/saga-styles.json', import.meta.url).pathname;
    mkdirSync(new URL('./results/', import.meta.url).pathname, { recursive: true });
    writeFileSync(resultsPath, `${JSON.stringify({
      benchmark: 'saga-styles', date: new Date().toISOString(), options,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      ratios: { returnP50OverOrderP50: ratio }, flows: reports, notes, wallSeconds: (performance.now() - started) / 1000,
    }, null, 2)}\n`);
    log(`wrote ${resultsPath}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
