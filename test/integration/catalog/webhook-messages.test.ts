import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { localActivityDeps } from '../../../activities/local-providers';
import { PUBLIC_MESSAGES, publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import { MessageTranslator } from '../../../shared/platform/messaging/message-translator';
import type { PublicWireMessage } from '../../../shared/platform/messaging/public-message';
import { OutboxRelay } from '../../../shared/platform/outbox';
import type { Projector } from '../../../shared/platform/projections/view-projector';
import { verifyWebhookSignature } from '../../../shared/platform/webhooks/webhook-signature';
import { WebhookTargetPolicy } from '../../../shared/platform/webhooks/webhook-target-policy';
import { WebhookSubscriptions } from '../../../shared/platform/webhooks/webhook-subscriptions';
import { finalSaga, orderBody, placeOrder, receiveStock, uniqueSku } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';
import { startTestProjector } from '../read-side/read-side-kit';

interface Delivery { readonly hook: string; readonly headers: Record<string, string | string[] | undefined>; readonly body: string; readonly message: PublicWireMessage }

let api: ApiHarness;
let worker: { stop: () => Promise<void> };
let projector: Projector;
let relay: OutboxRelay | undefined;
let endpoint: Server;
const deliveries: Delivery[] = [];
const secrets = new Map<string, string>();

beforeAll(async () => {
  api = await startApiHarness({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', ORDER_DISPATCH_AFTER: '1 second', MONGODB_READ_DB: `read_${randomUUID().slice(0, 8)}`, QUERY_CONSISTENCY_TIMEOUT_MS: '10000' });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  worker = await startTestWorker(api.config.temporal.taskQueue, deps);
  projector = startTestProjector(api.deps.mongo.db, api.deps.mongo.client.db(api.config.mongo.readDbName));
  await projector.start();
  endpoint = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      deliveries.push({ hook: (req.url ?? '').slice(1), headers: req.headers, body, message: JSON.parse(body) as PublicWireMessage });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await relay?.stop();
  await projector?.stop();
  await worker?.stop();
  endpoint?.close();
  await api?.deps.mongo.client.db(api.config.mongo.readDbName).dropDatabase().catch(() => undefined);
  await api?.close();
});

const hookUrl = (name: string) => `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/${name}`;
const subscribe = (name: string, messages: { type: string; version: number }[]) =>
  api.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: { name, url: hookUrl(name), messages } });
const received = (hook: string, type: string, streamId?: string) =>
  deliveries.filter((d) => d.hook === hook && d.message.type === type && (streamId === undefined || d.message['stream-id'] === streamId));
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 200));
}

describe('webhooks receive the published language', () => {
  it('refuses a stored event type, an unknown type and an unknown version with 400, listing what is available', async () => {
    for (const messages of [[{ type: 'order-confirmed', version: 1 }], [{ type: 'ordering.order-shipped', version: 1 }], [{ type: 'ordering.order-status-changed', version: 7 }]]) {
      const res = await subscribe('refused', messages);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await readJson(res);
      expect(problem).toMatchObject({ type: '/problems/not-a-published-message', status: 400, refused: [{ ...messages[0] }] });
      expect(problem.available.map((a: LooseJson) => a.type).sort()).toEqual(publicMessageCatalogue.types().sort());
      expect(problem.available.find((a: LooseJson) => a.type === 'payments.payment-authorized').versions.map((v: LooseJson) => v.version)).toEqual([1, 2]);
    }
    expect((await readJson(await subscribe('refused', [{ type: 'order-confirmed', version: 1 }]))).refused[0].reason).toBe('stored-event-type');
    const legacy = await api.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: { name: 'legacy', url: hookUrl('legacy'), types: ['order-confirmed'] } });
    expect(legacy.status).toBe(400);
    expect((await readJson(await api.request('GET', '/webhooks', { key: TEST_KEYS.admin }))).items).toEqual([]);
  });

  it('delivers each kind: notification, domain event, state transfer full and delta', async () => {
    const subscriptions: Record<string, { type: string; version: number }[]> = {
      notify: [{ type: 'ordering.order-status-changed', version: 1 }],
      facts: [{ type: 'ordering.order-confirmed', version: 1 }, { type: 'payments.payment-authorized', version: 1 }, { type: 'payments.payment-authorized', version: 2 }, { type: 'shipping.shipment-dispatched', version: 1 }],
      copies: [{ type: 'inventory.stock-level-changed', version: 1 }, { type: 'loyalty.points-balance-changed', version: 1 }, { type: 'crm.customer-changed', version: 1 }],
    };
    for (const [name, messages] of Object.entries(subscriptions)) {
      const res = await subscribe(name, messages);
      expect(res.status).toBe(201);
      const created = await readJson(res);
      expect(created.messages).toEqual(messages);
      secrets.set(name, created.secret);
    }
    const translator = new MessageTranslator(publicMessageCatalogue, localActivityDeps(api.deps.mongo.db, api.deps.dataKeys).eventStore);
    relay = new OutboxRelay(api.deps.mongo.db, { subscribers: await new WebhookSubscriptions(api.deps.mongo.db, api.deps.dataKeys).subscribers(5_000, translator, new WebhookTargetPolicy({ httpAllowed: true, allowed: ['127.0.0.1'] })), pollIntervalMs: 50, leaseMs: 10_000 });
    relay.start();

    const sku = uniqueSku('kinds');
    await receiveStock(api, sku, 10);
    const body = orderBody({ lines: [{ sku, quantity: 2, unitPriceCents: 1250 }] });
    expect((await placeOrder(api, body)).status).toBe(202);
    await finalSaga(api, body.orderId);
    const customerId = `cus_${randomUUID().slice(0, 8)}`;
    const profile = { name: { firstName: 'Grace', lastName: 'Hopper' }, email: 'grace@example.com', marketingOptIn: false };
    expect((await api.request('PUT', `/customers/${customerId}`, { key: TEST_KEYS.commands, body: profile })).status).toBe(201);
    expect((await api.request('PATCH', `/customers/${customerId}`, { key: TEST_KEYS.commands, body: { marketingOptIn: true } })).status).toBe(200);

    const order = `order-${body.orderId}`;
    await until(() =>
      received('notify', 'ordering.order-status-changed', order).length === 2 &&
      received('facts', 'shipping.shipment-dispatched').some((d) => d.message.payload && (d.message.payload as LooseJson).orderId === body.orderId) &&
      received('facts', 'payments.payment-authorized', `payment-${body.orderId}`).length === 2 &&
      received('facts', 'ordering.order-confirmed', order).length === 1 &&
      received('copies', 'inventory.stock-level-changed', `stock-${sku}`).length === 3 &&
      received('copies', 'loyalty.points-balance-changed', `points-${body.customerId}`).length === 1 &&
      received('copies', 'crm.customer-changed', `customer-${customerId}`).length === 2,
    );

    // Every delivery is signed with its subscription's secret, carries the envelope plus kind, and is one of the subscribed messages.
    for (const d of deliveries) {
      expect(verifyWebhookSignature(secrets.get(d.hook)!, String(d.headers['x-signature-timestamp']), d.body, String(d.headers['x-signature']))).toBe(true);
      expect(d.headers['x-event-id']).toBe(d.message['event-id']);
      expect(subscriptions[d.hook]).toContainEqual({ type: d.message.type, version: d.message['schema-version'] });
      expect(Object.keys(d.message).sort()).toEqual(['causation-id', 'correlation-id', 'event-id', 'kind', 'payload', 'schema-version', 'stream-id', 'timestamp', 'type', 'version']);
    }

    // Notification: thin, with a link the query API answers for a queries key; no personal field, no personal value.
    const notifications = received('notify', 'ordering.order-status-changed', order);
    expect(notifications.map((d) => [d.message.kind, d.message.version, d.message.payload])).toEqual([
      ['notification', 1, { orderId: body.orderId, change: 'placed', link: `/orders/${body.orderId}` }],
      ['notification', 2, { orderId: body.orderId, change: 'confirmed', link: `/orders/${body.orderId}` }],
    ]);
    const personalFields = new Set(PUBLIC_MESSAGES.flatMap((d) => publicMessageCatalogue.personalDataOf(d)).map((p) => p.split('.').at(-1)!.replace('[]', '')));
    for (const n of deliveries.filter((d) => d.message.kind === 'notification')) {
      expect(Object.keys(n.message.payload as object).filter((k) => personalFields.has(k))).toEqual([]);
      for (const value of [body.customerId, 'Ada Lovelace', '1 Market St', '94103', 'San Francisco']) expect(n.body).not.toContain(value);
    }
    const confirmed = notifications[1]!.message;
    const link = (confirmed.payload as { link: string }).link;
    const summary = await api.request('GET', `${link}?minVersion=${confirmed.version}`, { key: TEST_KEYS.queries });
    expect(summary.status).toBe(200);
    // At least the confirmation the notification announced; `dispatched` once the summary has the shipment's dispatch too (issue 12).
    const read = await readJson(summary);
    expect(read).toMatchObject({ orderId: body.orderId });
    expect(['confirmed', 'dispatched']).toContain(read.status);
    expect((await api.request('GET', link, { key: TEST_KEYS.commands })).status).toBe(403);

    // Domain events: business facts in the owning context's terms; both versions of payment-authorized side by side.
    expect(received('facts', 'ordering.order-confirmed', order)[0]!.message).toMatchObject({
      kind: 'domain-event', 'schema-version': 1, 'stream-id': order,
      payload: { orderId: body.orderId, customerId: body.customerId, total: { amountCents: 2500, currency: 'USD' }, lines: [{ sku, quantity: 2, unitPrice: { amountCents: 1250, currency: 'USD' } }], shipToState: 'CA' },
    });
    expect(received('facts', 'payments.payment-authorized', `payment-${body.orderId}`).map((d) => [d.message['schema-version'], d.message.payload]).sort()).toEqual([
      [1, { orderId: body.orderId, amountCents: 2500, currency: 'USD', authorizationId: expect.any(String) }],
      [2, { orderId: body.orderId, amount: { amountCents: 2500, currency: 'USD' }, authorizationId: expect.any(String) }],
    ]);
    expect(received('facts', 'shipping.shipment-dispatched')[0]!.message).toMatchObject({ kind: 'domain-event', payload: { orderId: body.orderId, carrier: expect.any(String), trackingId: expect.any(String) } });

    // State transfer, full: the stock after each change, versions in order.
    const stock = received('copies', 'inventory.stock-level-changed', `stock-${sku}`).map((d) => d.message);
    expect(stock.map((m) => [m.kind, m.version, m.payload])).toEqual([
      ['state-transfer', 1, { sku, onHand: 10, reserved: 0, available: 10 }],
      ['state-transfer', 2, { sku, onHand: 10, reserved: 2, available: 8 }],
      ['state-transfer', 3, { sku, onHand: 8, reserved: 0, available: 8 }],
    ]);
    expect(received('copies', 'loyalty.points-balance-changed')[0]!.message.payload).toMatchObject({ customerId: body.customerId, balance: expect.any(Number) });

    // State transfer, delta: the changed fields only, applied on top of version - 1.
    expect(received('copies', 'crm.customer-changed', `customer-${customerId}`).map((d) => [d.message.version, d.message.payload])).toEqual([
      [1, { customerId, changes: profile }],
      [2, { customerId, changes: { marketingOptIn: true } }],
    ]);
  });
});
