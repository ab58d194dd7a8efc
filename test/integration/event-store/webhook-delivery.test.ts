import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import type { WireMessage } from '../../../shared/platform/event-store/event-envelope';
import { DeadLetters } from '../../../shared/platform/outbox/dead-letters';
import { verifyWebhookSignature } from '../../../shared/platform/webhooks/webhook-signature';
import { WebhookTargetPolicy } from '../../../shared/platform/webhooks/webhook-target-policy';
import { WebhookSubscriber } from '../../../shared/platform/webhooks/webhook-subscriber';
import { OutboxRelay } from '../../../shared/platform/outbox/outbox-relay';
import { useTestDatabase } from '../../support/mongo';
import { driveUntil, FAST_RELAY } from './relay-test-kit';

const { db } = await useTestDatabase('es_webhook');
const store = new EventStore(db);
const secret = 'whsec-integration';
const localReceivers = new WebhookTargetPolicy({ httpAllowed: true, allowed: ['127.0.0.1'] });

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly signatureValid: boolean;
}

/** A receiver that answers 503 while `failing()` says so, and checks every signature. */
async function startReceiver(failing: () => boolean): Promise<{ url: string; attempts: Received[]; accepted: Received[]; server: Server }> {
  const attempts: Received[] = [];
  const accepted: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signatureValid = verifyWebhookSignature(
        secret,
        String(req.headers['x-signature-timestamp']),
        body,
        String(req.headers['x-signature']),
        300,
      );
      const received = { headers: req.headers, body, signatureValid };
      attempts.push(received);
      if (!signatureValid) {
        res.writeHead(401).end('bad signature');
      } else if (failing()) {
        res.writeHead(503).end('try later');
      } else {
        accepted.push(received);
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/orders`, attempts, accepted, server };
}

const failNTimes = 3;
let calls = 0;
const flaky = await startReceiver(() => ++calls <= failNTimes);
let down = true;
const outage = await startReceiver(() => down);

describe('webhook subscriber', () => {
  it('retries a failing endpoint with backoff until it accepts the signed wire message', async () => {
    const relay = new OutboxRelay(db, {
      ...FAST_RELAY,
      subscribers: [new WebhookSubscriber({ name: 'partner-flaky', url: flaky.url, secret, timeoutMs: 200, policy: localReceivers })],
    });
    const appended = await store.append('order-7', 'no-stream', [{ type: 'order-placed', payload: { total: 42, currency: 'USD' } }], {
      correlationId: 'corr-7',
      causationId: 'cmd-7',
    });
    await driveUntil([relay], () => flaky.accepted.length === 1);

    expect(flaky.attempts).toHaveLength(failNTimes + 1);
    expect(flaky.attempts.every((a) => a.signatureValid)).toBe(true);
    const [delivered] = flaky.accepted;
    const message = JSON.parse(delivered!.body) as WireMessage;
    const [event] = appended.events;
    expect(message).toEqual({
      type: 'order-placed',
      'event-id': event!.eventId,
      'correlation-id': 'corr-7',
      'causation-id': 'cmd-7',
      'stream-id': 'order-7',
      version: 1,
      timestamp: event!.timestamp.toISOString(),
      'schema-version': 1,
      payload: { total: 42, currency: 'USD' },
    });
    expect(delivered!.headers['x-event-id']).toBe(event!.eventId);
    expect(delivered!.headers['content-type']).toBe('application/json');
    expect(delivered!.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('another-secret', String(delivered!.headers['x-signature-timestamp']), delivered!.body, String(delivered!.headers['x-signature']))).toBe(false);
  });

  it('ends in the dead letters while the endpoint is down, and a re-queue delivers once it is back', async () => {
    const relay = new OutboxRelay(db, {
      ...FAST_RELAY,
      maxAttempts: 4,
      subscribers: [new WebhookSubscriber({ name: 'partner-down', url: outage.url, secret, timeoutMs: 200, policy: localReceivers })],
    });
    const deadLetters = new DeadLetters(db);
    await store.append('order-8', 'no-stream', [{ type: 'order-placed', payload: { total: 1 } }], { correlationId: 'corr-8' });
    await driveUntil([relay], async () => (await deadLetters.list({ subscriber: 'partner-down' })).length === 1);

    const [letter] = await deadLetters.list({ subscriber: 'partner-down' });
    expect(letter).toMatchObject({ streamId: 'order-8', version: 1, attempts: 4, status: 'parked' });
    expect(letter?.lastError).toContain('503');
    expect(outage.attempts).toHaveLength(4);
    for (let i = 0; i < 3; i += 1) await relay.runOnce();
    expect(outage.attempts).toHaveLength(4);

    down = false;
    expect(await deadLetters.requeue(letter!.id)).toBe('requeued');
    await driveUntil([relay], () => outage.accepted.length === 1);
    for (let i = 0; i < 3; i += 1) await relay.runOnce();
    expect(outage.accepted).toHaveLength(1);
    expect((JSON.parse(outage.accepted[0]!.body) as WireMessage)['stream-id']).toBe('order-8');
    expect((await deadLetters.get(letter!.id))?.status).toBe('resolved');
  });
});
