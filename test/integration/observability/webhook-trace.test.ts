import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from '../../../shared/platform/observability/tracing';
import { WebhookSubscriber } from '../../../shared/platform/webhooks/webhook-subscriber';
import { WebhookTargetPolicy } from '../../../shared/platform/webhooks/webhook-target-policy';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let receiver: Server;
const received: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  tracing = startTracing({ serviceName: 'saga-webhook-trace-test', spanProcessor: new SimpleSpanProcessor(exporter) });
  receiver = createServer((req, res) => { received.push(req.headers); req.resume(); req.on('end', () => res.writeHead(204).end()); });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  receiver?.close();
  await tracing?.shutdown();
});

describe('a webhook delivery in a traced relay delivery', () => {
  it('is a client span of that trace and sends the receiver its W3C traceparent', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const webhook = new WebhookSubscriber({ name: 'traced', url, secret: 'whsec_test_only_not_a_secret', policy: new WebhookTargetPolicy({ httpAllowed: true, allowed: ['127.0.0.1'] }) });
    const message = { type: 'inventory.stock-level-changed', kind: 'notification' as const, messageId: 'm1', correlationId: 'c1', causationId: 'e1', streamId: 'stock-SKU', version: 1, timestamp: new Date(), schemaVersion: 1, payload: {} };
    const traceId = await trace.getTracer('test').startActiveSpan('relay deliver webhook:traced', async (span) => {
      await webhook.deliver(message);
      span.end();
      return span.spanContext().traceId;
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // Exported once the resource's detected attributes are settled, a moment after the span ends.
    const postSpan = () => exporter.getFinishedSpans().find((s) => s.name === 'webhook POST traced');
    while (!postSpan()) await new Promise((r) => setTimeout(r, 20));
    const post = postSpan();
    expect(post?.spanContext().traceId).toBe(traceId);
    // The receiver's parent is the POST's span.
    expect(String(received[0]?.traceparent).split('-')[2]).toBe(post?.spanContext().spanId);
  });
});
