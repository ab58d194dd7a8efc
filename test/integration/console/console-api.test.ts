import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { DeadLetters } from '../../../shared/platform/outbox';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { CARDS, finalSaga, orderBody, placeOrder, receiveStock, uniqueSku } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';

let api: ApiHarness;
let worker: { stop: () => Promise<void> };

beforeAll(async () => {
  api = await startApiHarness({ ORDER_DISPATCH_AFTER: '1 second', MONGODB_READ_DB: `read_${randomUUID().slice(0, 8)}` });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  worker = await startTestWorker(api.config.temporal.taskQueue, deps);
});
afterAll(async () => {
  await worker?.stop();
  await api?.deps.mongo.client.db(api.config.mongo.readDbName).dropDatabase().catch(() => undefined);
  await api?.close();
});

const get = async (path: string, key: string = TEST_KEYS.queries): Promise<{ status: number; json: LooseJson; type: string | null }> => {
  const res = await api.request('GET', path, { key });
  return { status: res.status, json: await readJson(res), type: res.headers.get('content-type') };
};

describe('console API: the event store, sagas and operations for operators', () => {
  it('tells a client which scopes its key has', async () => {
    expect((await get('/api-key', TEST_KEYS.queries)).json).toMatchObject({ scopes: ['queries'] });
    expect((await get('/api-key', TEST_KEYS.all)).json.scopes).toEqual(['commands', 'queries', 'admin']);
    expect((await get('/api-key', 'not-a-valid-key-00000')).status).toBe(401);
  });

  it('finds an order placed through the API by its id, reads its events with envelopes, and folds its state as of any version or instant', async () => {
    const sku = uniqueSku('console');
    await receiveStock(api, sku, 5);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 1500 }] });
    expect((await placeOrder(api, body)).status).toBe(202);
    expect((await finalSaga(api, body.orderId)).status).toBe('COMPLETED');

    const found = await get(`/streams?key=${body.orderId}`);
    expect(found.status).toBe(200);
    expect(found.json.items).toEqual([
      { streamId: `order-${body.orderId}`, kind: 'order', aggregate: 'Order', version: 2 },
      { streamId: `payment-${body.orderId}`, kind: 'payment', aggregate: 'Payment', version: 2 },
      { streamId: `shipment-${body.orderId}`, kind: 'shipment', aggregate: 'Shipment', version: 2 },
    ]);
    expect((await get(`/streams?key=${sku.toLowerCase()}&by=sku`)).json.items).toEqual([{ streamId: `stock-${sku}`, kind: 'stock', aggregate: 'Stock', version: 3 }]);
    expect((await get(`/streams?key=no-such-thing-${randomUUID().slice(0, 6)}`)).json.items).toEqual([]);

    const stream = await get(`/streams/order-${body.orderId}/events`);
    expect(stream.json).toMatchObject({ streamId: `order-${body.orderId}`, kind: 'order', head: 2 });
    const [placed, confirmed] = stream.json.events as LooseJson[];
    expect(placed).toMatchObject({ type: 'order-placed', version: 1, streamId: `order-${body.orderId}`, schemaVersion: 1, payload: { orderId: body.orderId } });
    expect(placed?.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(placed?.correlationId).toEqual(expect.any(String));
    expect(confirmed).toMatchObject({ type: 'order-confirmed', version: 2 });
    expect((await get(`/streams/order-${body.orderId}/events?fromVersion=2`)).json.events.map((e: LooseJson) => e.version)).toEqual([2]);

    const now = await get(`/streams/order-${body.orderId}/state`);
    expect(now.json).toMatchObject({ version: 2, head: 2, asOf: null, state: { status: 'confirmed' } });
    const first = await get(`/streams/order-${body.orderId}/state?version=1`);
    expect(first.json).toMatchObject({ version: 1, at: placed?.timestamp, state: { status: 'pending', order: { orderId: body.orderId } } });
    const asOfPlaced = await get(`/streams/order-${body.orderId}/state?asOf=${encodeURIComponent(String(placed?.timestamp))}`);
    expect(asOfPlaced.json).toMatchObject({ version: 1, asOf: placed?.timestamp, state: { status: 'pending' } });
    const before = new Date(Date.parse(String(placed?.timestamp)) - 1).toISOString();
    expect((await get(`/streams/order-${body.orderId}/state?asOf=${before}`)).json).toMatchObject({ version: 0, at: null, state: { status: 'not-placed' } });

    // Maps of the stock aggregate come out as objects keyed by order id.
    const stock = await get(`/streams/stock-${sku}/state?version=2`);
    expect(stock.json.state).toEqual({ sku, onHand: 5, reservations: { [body.orderId]: 1 }, committed: {} });
  });

  it('answers problem+json for what it cannot read', async () => {
    const missing = await get('/streams/order-nobody-here/events');
    expect(missing.status).toBe(404);
    expect(missing.type).toContain('application/problem+json');
    expect((await get('/streams/unknown-kind-1/state')).status).toBe(404);
    const both = await get('/streams/order-x/state?version=1&asOf=2026-01-01T00:00:00Z');
    expect(both.status).toBe(400);
    expect(both.json.errors).toEqual([expect.objectContaining({ location: 'query', message: 'give asOf or version, not both' })]);
    expect((await get('/streams/$where/events')).status).toBe(400);
    expect((await get('/streams?key=a.b%24c')).status).toBe(400);
    expect((await get('/streams?key=order-1', TEST_KEYS.commands)).status).toBe(403);
  });

  it('lists sagas by status and shows a compensated saga as a timeline of steps and compensations', async () => {
    const sku = uniqueSku('declined');
    await receiveStock(api, sku, 5);
    const body = orderBody({ lines: [{ sku, quantity: 2, unitPriceCents: 999 }], card: CARDS.declined });
    await placeOrder(api, body);
    expect((await finalSaga(api, body.orderId)).status).toBe('COMPENSATED');

    // Visibility is eventually consistent: wait until the run shows under its final status.
    let list: LooseJson;
    for (;;) {
      list = (await get('/sagas?status=COMPENSATED')).json;
      if ((list.items as LooseJson[]).some((i) => i.orderId === body.orderId)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(list.status).toBe('COMPENSATED');
    expect(list.counts.COMPENSATED).toBeGreaterThanOrEqual(1);
    const run = (list.items as LooseJson[]).find((i) => i.orderId === body.orderId);
    expect(run).toMatchObject({ customerId: body.customerId, totalDollars: 19.98, sagaStatus: 'COMPENSATED', executionStatus: 'COMPLETED', workflowId: `order-${body.orderId}` });
    expect(run?.links.webUi).toBe(`${api.config.temporal.uiUrl}/namespaces/default/workflows/order-${body.orderId}/${run?.runId}/history`);
    expect((await get('/sagas?status=COMPLETED')).json.items.some((i: LooseJson) => i.orderId === body.orderId)).toBe(false);

    const timeline = await get(`/orders/${body.orderId}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.json.run).toMatchObject({ sagaStatus: 'COMPENSATED', runId: run?.runId });
    const steps = (timeline.json.entries as LooseJson[]).map((e) => [e.eventType, e.step, e.outcome]);
    expect(steps).toEqual([
      ['order-placed', 'place-order', 'completed'],
      ['stock-reserved', `reserve-stock:${sku}`, 'completed'],
      ['payment-declined', 'authorize-payment', 'failed'],
      ['stock-released', `reserve-stock:${sku}`, 'compensated'],
      ['order-rejected', null, null],
    ]);
    const times = (timeline.json.entries as LooseJson[]).map((e) => Date.parse(String(e.at)));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((await get('/orders/ord_never_placed/timeline')).status).toBe(404);
  });

  it('keeps a short lag history while asked, and shows one dead letter whole to admins only', async () => {
    const lag = await get('/projections/lag?minutes=5');
    expect(lag.status).toBe(200);
    expect(lag.json.intervalSeconds).toBe(5);
    expect(lag.json.samples.length).toBeGreaterThanOrEqual(1);
    expect(lag.json.samples[0]).toMatchObject({ backlogStreams: expect.any(Number), views: expect.objectContaining({ 'order-summary': null }) });

    const [event] = await localActivityDeps(api.deps.mongo.db, api.deps.dataKeys).eventStore.append(`stock-${uniqueSku('dl')}`, 'no-stream', [{ type: 'stock-received', payload: { sku: 'X', quantity: 1, onHandAfter: 1 } }], { correlationId: 'dl-corr' }).then((r) => r.events);
    if (!event) throw new Error('no event appended');
    const id = await new DeadLetters(api.deps.mongo.db).park({ subscriber: 'webhook:test', streamId: event.streamId, version: 1, eventId: event.eventId, type: event.type, event, attempts: 3, lastError: 'HTTP 500' });
    const detail = await get(`/dead-letters/${encodeURIComponent(id)}`, TEST_KEYS.admin);
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ id, status: 'parked', attempts: 3, lastError: 'HTTP 500', requeuedAt: null, event: { type: 'stock-received', correlationId: 'dl-corr', version: 1 } });
    expect((await get(`/dead-letters/${encodeURIComponent(id)}`, TEST_KEYS.queries)).status).toBe(403);
    expect((await get('/dead-letters/nope', TEST_KEYS.admin)).status).toBe(404);
  });
});
