import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import type { EventStore } from '../../../shared/platform/event-store';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { CARDS, finalSaga, orderBody, placeOrder, receiveStock, uniqueSku, waitForSaga } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';

let api: ApiHarness;
let slowDispatchApi: ApiHarness;
let worker: { stop: () => Promise<void> };
let store: EventStore;

beforeAll(async () => {
  api = await startApiHarness({ ORDER_DISPATCH_AFTER: '1 second', ORDER_REVIEW_THRESHOLD_CENTS: '100000' });
  // Same database and task queue, but orders wait an hour for pickup: room to cancel.
  slowDispatchApi = await startApiHarness({
    ORDER_DISPATCH_AFTER: '1 hour', MONGODB_DB: api.config.mongo.dbName, TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue,
  });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  store = deps.eventStore;
  worker = await startTestWorker(api.config.temporal.taskQueue, deps);
});
afterAll(async () => {
  await worker?.stop();
  await slowDispatchApi?.close();
  await api?.close();
});

const types = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);
const available = async (sku: string) => {
  const events = await store.readStream(`stock-${sku}`);
  return (events.at(-1)?.payload as { availableAfter?: number }).availableAfter;
};

describe('order fulfilment saga over REST', () => {
  it('completes an order: every step runs, in order, and the events carry the correlation id', async () => {
    const sku = uniqueSku('happy');
    await receiveStock(api, sku, 10);
    const body = orderBody({ lines: [{ sku, quantity: 2, unitPriceCents: 1250 }] });
    const res = await api.request('POST', '/orders', { key: TEST_KEYS.commands, body, headers: { 'x-correlation-id': 'corr-happy-1' } });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/orders/${body.orderId}/saga`);
    expect((await readJson(res)).workflowId).toBe(`order-${body.orderId}`);

    const saga = await finalSaga(api, body.orderId);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.stepsCompleted).toEqual(['place-order', `reserve-stock:${sku}`, 'authorize-payment', 'schedule-shipment', 'capture-payment', 'award-loyalty-points', 'confirm-order', 'dispatch-shipment']);
    expect(saga.stepsCompensated).toEqual([]);

    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-confirmed']);
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-captured']);
    expect(await types(`shipment-${body.orderId}`)).toEqual(['shipment-scheduled', 'shipment-dispatched']);
    expect(await types(`points-${body.customerId}`)).toEqual(['points-awarded']);
    expect(await types(`stock-${sku}`)).toEqual(['stock-received', 'stock-reserved', 'stock-reservation-committed']);
    const orderEvents = await store.readStream(`order-${body.orderId}`);
    expect(orderEvents.every((e) => e.correlationId === 'corr-happy-1')).toBe(true);
  });

  it('rejects an order with an out-of-stock SKU and releases what was reserved', async () => {
    const inStock = uniqueSku('instock');
    const empty = uniqueSku('empty');
    await receiveStock(api, inStock, 5);
    const body = orderBody({ lines: [{ sku: inStock, quantity: 3, unitPriceCents: 100 }, { sku: empty, quantity: 1, unitPriceCents: 100 }] });
    expect((await placeOrder(api, body)).status).toBe(202);

    const saga = await finalSaga(api, body.orderId);
    expect(['COMPENSATED', 'REJECTED']).toContain(saga.status);
    expect(saga.outcomeReason).toMatch(/^insufficient-stock/);
    expect(saga.stepsCompleted).not.toContain('authorize-payment');
    expect(await available(inStock)).toBe(5);
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-rejected']);
    expect(await types(`stock-${empty}`)).toEqual(['stock-reservation-failed']);
    expect(await types(`payment-${body.orderId}`)).toEqual([]);
  });

  it('rejects an order whose card is declined and compensates exactly the completed steps', async () => {
    const sku = uniqueSku('declined');
    await receiveStock(api, sku, 4);
    const body = orderBody({ lines: [{ sku, quantity: 4, unitPriceCents: 500 }], card: CARDS.declined });
    await placeOrder(api, body);

    const saga = await finalSaga(api, body.orderId);
    expect(saga.status).toBe('COMPENSATED');
    expect(saga.outcomeReason).toMatch(/^card-declined/);
    expect(saga.stepsCompleted).toEqual(['place-order', `reserve-stock:${sku}`]);
    expect(saga.stepsCompensated).toEqual([`reserve-stock:${sku}`]);
    expect(await available(sku)).toBe(4);
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-declined']);
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-rejected']);

    // The Web UI's visibility query finds it by its SagaStatus (visibility is eventually consistent).
    const query = `SagaStatus = 'COMPENSATED' AND OrderId = '${body.orderId}'`;
    let found: string[] = [];
    while (found.length === 0) {
      found = [];
      for await (const wf of api.deps.temporal.client.workflow.list({ query })) found.push(wf.workflowId);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(found).toEqual([`order-${body.orderId}`]);
  });

  it('rejects an order whose shipment cannot be scheduled: voids the payment, releases the stock', async () => {
    const sku = uniqueSku('hawaii');
    await receiveStock(api, sku, 2);
    const body = orderBody({ lines: [{ sku, quantity: 2, unitPriceCents: 999 }], state: 'HI' });
    await placeOrder(api, body);

    const saga = await finalSaga(api, body.orderId);
    expect(saga.status).toBe('COMPENSATED');
    expect(saga.outcomeReason).toMatch(/^address-not-serviceable/);
    expect(saga.stepsCompensated).toEqual(['authorize-payment', `reserve-stock:${sku}`]);
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-voided']);
    expect(await available(sku)).toBe(2);
    expect(await types(`shipment-${body.orderId}`)).toEqual([]);
  });

  it('cancels before dispatch: refunds, revokes points, cancels the shipment, releases stock', async () => {
    const sku = uniqueSku('cancel');
    await receiveStock(api, sku, 3);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 4500 }] });
    expect((await placeOrder(slowDispatchApi, body)).status).toBe(202);
    await waitForSaga(api, body.orderId, (s) => s.status === 'AWAITING_DISPATCH');

    const cancel = await api.request('POST', `/orders/${body.orderId}/cancel`, { key: TEST_KEYS.commands, body: { reason: 'changed my mind' } });
    expect(cancel.status).toBe(202);

    const saga = await finalSaga(api, body.orderId);
    expect(saga.status).toBe('CANCELLED');
    expect(saga.stepsCompensated).toEqual(['award-loyalty-points', 'schedule-shipment', 'authorize-payment', `reserve-stock:${sku}`]);
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-captured', 'payment-refunded']);
    expect(await types(`points-${body.customerId}`)).toEqual(['points-awarded', 'points-revoked']);
    expect(await types(`shipment-${body.orderId}`)).toEqual(['shipment-scheduled', 'shipment-cancelled']);
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-confirmed', 'order-cancelled']);
    expect(await available(sku)).toBe(3);

    const again = await api.request('POST', `/orders/${body.orderId}/cancel`, { key: TEST_KEYS.commands, body: { reason: 'twice' } });
    expect(again.status).toBe(409);
  });

  it('refuses a cancel after dispatch with 409 and a reason', async () => {
    const sku = uniqueSku('shipped');
    await receiveStock(api, sku, 1);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 100 }] });
    await placeOrder(api, body);
    expect((await finalSaga(api, body.orderId)).status).toBe('COMPLETED');

    const res = await api.request('POST', `/orders/${body.orderId}/cancel`, { key: TEST_KEYS.commands, body: { reason: 'too late' } });
    expect(res.status).toBe(409);
    expect(await readJson(res)).toMatchObject({ type: '/problems/order-already-dispatched', detail: expect.stringContaining('dispatched') });
  });

  it('holds a large order for review; approval continues it, a second decision is refused', async () => {
    const sku = uniqueSku('review');
    await receiveStock(api, sku, 1);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 250_000 }] });
    await placeOrder(api, body);
    const waiting = await waitForSaga(api, body.orderId, (s) => s.status === 'AWAITING_REVIEW');
    expect(waiting.review).toBe('pending');

    const approve = await api.request('POST', `/orders/${body.orderId}/review`, { key: TEST_KEYS.commands, body: { decision: 'approve', reviewer: 'rita' } });
    expect(approve.status).toBe(200);
    expect((await readJson(approve)).review).toBe('approved');
    const second = await api.request('POST', `/orders/${body.orderId}/review`, { key: TEST_KEYS.commands, body: { decision: 'reject', reviewer: 'rita', reason: 'oops' } });
    expect(second.status).toBe(409);

    const saga = await finalSaga(api, body.orderId);
    expect(saga.status).toBe('COMPLETED');
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-review-requested', 'order-review-approved', 'order-confirmed']);
  });

  it('refuses a review of an order that is not waiting for one', async () => {
    const sku = uniqueSku('noreview');
    await receiveStock(api, sku, 1);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 100 }] });
    await placeOrder(api, body, 20);
    const res = await api.request('POST', `/orders/${body.orderId}/review`, { key: TEST_KEYS.commands, body: { decision: 'approve', reviewer: 'rita' } });
    expect(res.status).toBe(409);
    expect((await readJson(res)).type).toBe('/problems/order-not-awaiting-review');
  });

  it('is idempotent per order id and answers with the settled state when asked to wait', async () => {
    const sku = uniqueSku('idem');
    await receiveStock(api, sku, 5);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 100 }] });
    const first = await placeOrder(api, body, 20);
    expect(first.status).toBe(200);
    expect(first.json.saga.stepsCompleted).toContain('confirm-order');
    expect(['AWAITING_DISPATCH', 'COMPLETED']).toContain(first.json.saga.status);
    await finalSaga(api, body.orderId);
    const second = await placeOrder(api, body);
    expect(second.json.runId).toBe(first.json.runId);
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-confirmed']);
  });

  it('answers 404 for an unknown order and 400 with field detail for an invalid one', async () => {
    const missing = await api.request('GET', '/orders/ord_does_not_exist/saga', { key: TEST_KEYS.queries });
    expect(missing.status).toBe(404);
    const bad = await placeOrder(api, { ...orderBody({ lines: [] }), shippingAddress: { name: 'x', line1: 'y', city: 'z', state: 'ZZ', zip: '1' } });
    expect(bad.status).toBe(400);
    const paths = (bad.json.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['lines', 'shippingAddress.state', 'shippingAddress.zip']));
    const badCard = await placeOrder(api, orderBody({ lines: [{ sku: 'ABC', quantity: 1, unitPriceCents: 1 }], card: '4242424242424241' }));
    expect(badCard.status).toBe(400);
    expect(JSON.stringify(badCard.json)).not.toContain('4242424242424241');
  });
});
