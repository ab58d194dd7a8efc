import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import { MessageCatalogue } from '../../../shared/platform/messaging/message-catalogue';
import { defineMessage } from '../../../shared/platform/messaging/message-definition';
import { MessageTranslator } from '../../../shared/platform/messaging/message-translator';
import { publishingSubscriber } from '../../../shared/platform/messaging/publishing-subscriber';
import { derivedMessageId, type PublicWireMessage } from '../../../shared/platform/messaging/public-message';
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

/** A one-message published language: `testing.order-noted` v1, derived from the stored `order-placed`. */
type OrderPlaced = { readonly type: 'order-placed'; readonly payload: { readonly total: number; readonly currency?: string } };
const OrderNoted = z.object({ total: z.number() });
const catalogue = new MessageCatalogue([
  defineMessage<OrderPlaced, typeof OrderNoted>({
    type: 'testing.order-noted', version: 1, context: 'testing', kind: 'domain-event', description: 'An order was noted', why: 'a test',
    schema: OrderNoted, derivedFrom: ['order-placed'], translate: (e) => ({ total: e.payload.total }),
  }),
]);
const translator = new MessageTranslator(catalogue, store);
const webhook = (name: string, url: string) =>
  publishingSubscriber({ name, translator, selection: [{ type: 'testing.order-noted', version: 1 }], sink: new WebhookSubscriber({ name, url, secret, timeoutMs: 200, policy: localReceivers }) });

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
  it('retries a failing endpoint with backoff until it accepts the signed public message', async () => {
    const relay = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [webhook('partner-flaky', flaky.url)] });
    const appended = await store.append('order-7', 'no-stream', [{ type: 'order-placed', payload: { total: 42, currency: 'USD' } }], {
      correlationId: 'corr-7',
      causationId: 'cmd-7',
    });
    await driveUntil([relay], () => flaky.accepted.length === 1);

    expect(flaky.attempts).toHaveLength(failNTimes + 1);
    expect(flaky.attempts.every((a) => a.signatureValid)).toBe(true);
    const [delivered] = flaky.accepted;
    const message = JSON.parse(delivered!.body) as PublicWireMessage;
    const [event] = appended.events;
    const messageId = derivedMessageId(event!.eventId, 'testing.order-noted', 1);
    expect(message).toEqual({
      type: 'testing.order-noted',
      kind: 'domain-event',
      'event-id': messageId,
      'correlation-id': 'corr-7',
      'causation-id': event!.eventId,
      'stream-id': 'order-7',
      version: 1,
      timestamp: event!.timestamp.toISOString(),
      'schema-version': 1,
      payload: { total: 42 },
    });
    expect(delivered!.headers['x-event-id']).toBe(messageId);
    expect(delivered!.headers['content-type']).toBe('application/json');
    expect(delivered!.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('another-secret', String(delivered!.headers['x-signature-timestamp']), delivered!.body, String(delivered!.headers['x-signature']))).toBe(false);
  });

  it('ends in the dead letters while the endpoint is down, and a re-queue delivers once it is back', async () => {
    const relay = new OutboxRelay(db, { ...FAST_RELAY, maxAttempts: 4, subscribers: [webhook('partner-down', outage.url)] });
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
    expect((JSON.parse(outage.accepted[0]!.body) as PublicWireMessage)['stream-id']).toBe('order-8');
    expect((await deadLetters.get(letter!.id))?.status).toBe('resolved');
  });

  it('never sends a stored event that no subscribed message is derived from', async () => {
    const receiver = await startReceiver(() => false);
    const relay = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [webhook('partner-quiet', receiver.url)] });
    await store.append('order-9', 'no-stream', [{ type: 'order-audited', payload: { secretNote: 'internal' } }, { type: 'order-placed', payload: { total: 9 } }], { correlationId: 'corr-9' });
    await driveUntil([relay], () => receiver.accepted.length === 1);
    for (let i = 0; i < 3; i += 1) await relay.runOnce();
    expect(receiver.attempts.map((a) => (JSON.parse(a.body) as PublicWireMessage).type)).toEqual(['testing.order-noted']);
    expect(receiver.attempts.some((a) => a.body.includes('internal'))).toBe(false);
  });
});
