import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../../shared/adapters/simulated-payment-gateway';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { orderBody, placeOrder, finalSaga, uniqueSku } from '../../support/orders';
import {
  available,
  dispatchedOrder,
  getReturn,
  reactionsOf,
  requestReturn,
  settledReturn,
  startReturnsStack,
  streamTypes,
  type ReturnsStack,
} from './returns-kit';

let stack: ReturnsStack;
let api: ApiHarness;
beforeAll(async () => {
  stack = await startReturnsStack();
  api = stack.api;
});
afterAll(async () => {
  await stack?.stop();
});

const completion = async (orderId: string) => (await stack.store.readStream(`order-returns-${orderId}`)).find((e) => e.type === 'return-completed')?.payload as
  { refundedCents: number; disposition: string; orderFullyReturned: boolean } | undefined;

describe('returns by choreography, over REST', () => {
  it('a full return: label, parcel, refund, restock and points revoked, each by its own context; the order is returned', async () => {
    const order = await dispatchedOrder(api, [{ quantity: 2, unitPriceCents: 1250 }, { quantity: 1, unitPriceCents: 500 }]);
    const [a, b] = order.lines;
    const before = [await available(stack.store, a!.sku), await available(stack.store, b!.sku)];
    const asked = await requestReturn(api, order.orderId, { lines: [{ sku: a!.sku, quantity: 2 }, { sku: b!.sku, quantity: 1 }], reason: 'no-longer-needed' });
    expect(asked.status, JSON.stringify(asked.json)).toBe(202);
    expect(asked.json.refundCents).toBe(3000);
    const { returnId } = asked.json as { returnId: string };

    const done = await settledReturn(api, returnId);
    expect(done.status).toBe('COMPLETED');
    expect(done.stuck).toBe(false);
    expect(done.outstanding).toEqual([]);
    expect(reactionsOf(done).sort()).toEqual([
      'inventory:return-restocked', 'loyalty:return-points-revoked',
      'ordering:return-completed', 'ordering:return-refund-recorded', 'ordering:return-requested', 'ordering:return-stock-recorded',
      'payments:return-refunded', 'shipping:return-label-issued', 'shipping:return-parcel-received',
    ]);
    expect(await completion(order.orderId)).toMatchObject({ refundedCents: 3000, disposition: 'restocked', orderFullyReturned: true });
    expect([await available(stack.store, a!.sku), await available(stack.store, b!.sku)]).toEqual([before[0]! + 2, before[1]! + 1]);
    expect(await streamTypes(stack.store, `points-${order.customerId}`)).toEqual(['points-awarded', 'points-deducted']);
    // Every participant's events carry the return's id as their correlation id: nothing else ties them together.
    for (const stream of [`return-shipment-${returnId}`, `return-refund-${returnId}`, `inventory-return-${returnId}`, `loyalty-return-${returnId}`]) {
      const events = await stack.store.readStream(stream);
      expect(events.length, stream).toBeGreaterThan(0);
      expect(events.every((e) => e.correlationId === returnId), stream).toBe(true);
    }

    const listed = await api.request('GET', '/returns?status=COMPLETED', { key: TEST_KEYS.queries });
    expect((await readJson(listed)).returns.map((r: { returnId: string }) => r.returnId)).toContain(returnId);
  });

  it('a partial return refunds what came back; more than was shipped is refused with 409', async () => {
    const order = await dispatchedOrder(api, [{ quantity: 3, unitPriceCents: 1000 }]);
    const sku = order.lines[0]!.sku;
    const before = await available(stack.store, sku);
    const asked = await requestReturn(api, order.orderId, { returnId: `ret_part_${order.orderId.slice(4, 14)}`, lines: [{ sku, quantity: 1 }], reason: 'wrong-item' });
    expect(asked.status).toBe(202);
    expect(asked.json.refundCents).toBe(1000);
    // The same request again is the same return.
    expect((await requestReturn(api, order.orderId, { returnId: asked.json.returnId, lines: [{ sku, quantity: 1 }], reason: 'wrong-item' })).status).toBe(202);

    const done = await settledReturn(api, asked.json.returnId as string);
    expect(done.status).toBe('COMPLETED');
    expect(await completion(order.orderId)).toMatchObject({ refundedCents: 1000, disposition: 'restocked', orderFullyReturned: false });
    expect(await available(stack.store, sku)).toBe(before + 1);
    expect((await stack.store.readStream(`order-returns-${order.orderId}`)).filter((e) => e.type === 'return-requested')).toHaveLength(1);

    const tooMany = await requestReturn(api, order.orderId, { lines: [{ sku, quantity: 3 }], reason: 'wrong-item' });
    expect(tooMany.status).toBe(409);
    expect(tooMany.json.type).toBe('/problems/return-exceeds-shipped');
  });

  it('a damaged return is written off, not restocked, and still refunded', async () => {
    const order = await dispatchedOrder(api, [{ quantity: 2, unitPriceCents: 800 }]);
    const sku = order.lines[0]!.sku;
    const before = await available(stack.store, sku);
    const asked = await requestReturn(api, order.orderId, { lines: [{ sku, quantity: 2 }], reason: 'damaged' });
    expect(asked.status).toBe(202);

    const done = await settledReturn(api, asked.json.returnId as string);
    expect(done.status).toBe('COMPLETED');
    expect(reactionsOf(done)).toContain('inventory:return-written-off');
    expect(reactionsOf(done)).not.toContain('inventory:return-restocked');
    expect(reactionsOf(done)).toContain('payments:return-refunded');
    expect(await available(stack.store, sku)).toBe(before);
    expect(await completion(order.orderId)).toMatchObject({ disposition: 'written-off' });
  });

  it('a refund refused for good: payments issues store credit, loyalty keeps the points, inventory keeps the restock, ordering fails the return', async () => {
    const order = await dispatchedOrder(api, [{ quantity: 1, unitPriceCents: 4200 }], TEST_CARDS.refundRefused);
    const sku = order.lines[0]!.sku;
    const before = await available(stack.store, sku);
    const asked = await requestReturn(api, order.orderId, { lines: [{ sku, quantity: 1 }], reason: 'not-as-described' });
    expect(asked.status).toBe(202);
    const returnId = asked.json.returnId as string;

    const done = await settledReturn(api, returnId);
    expect(done.status).toBe('FAILED');
    const reactions = done.reactions as { participant: string; reaction: string; outcome: string }[];
    const outcome = (reaction: string) => reactions.find((r) => r.reaction === reaction)?.outcome;
    expect(outcome('return-refund-failed')).toBe('failed');
    expect(outcome('store-credit-issued')).toBe('compensation');
    expect(outcome('return-points-kept')).toBe('compensation');
    expect(outcome('return-restocked')).toBe('done');
    expect(outcome('return-failed')).toBe('failed');
    expect(reactionsOf(done)).not.toContain('payments:return-refunded');
    expect(await streamTypes(stack.store, `return-refund-${returnId}`)).toEqual(['return-refund-failed', 'store-credit-issued']);
    expect(await streamTypes(stack.store, `points-${order.customerId}`)).toEqual(['points-awarded']);
    expect(await available(stack.store, sku)).toBe(before + 1);
    const failed = (await stack.store.readStream(`order-returns-${order.orderId}`)).find((e) => e.type === 'return-failed');
    expect(failed?.payload).toMatchObject({ participant: 'payments', code: 'expired-card' });
  });

  it('refuses returns of orders not dispatched, unknown or past the window, and invalid lines', async () => {
    const sku = uniqueSku('ret-none');
    const rejected = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 100 }] });
    expect((await placeOrder(api, rejected)).status).toBe(202);
    expect(['REJECTED', 'COMPENSATED']).toContain((await finalSaga(api, rejected.orderId)).status);
    const notDispatched = await requestReturn(api, rejected.orderId, { lines: [{ sku, quantity: 1 }], reason: 'no-longer-needed' });
    expect(notDispatched.status).toBe(409);
    expect(notDispatched.json.type).toBe('/problems/order-not-dispatched');

    expect((await requestReturn(api, 'ord_unknown_1', { lines: [{ sku, quantity: 1 }], reason: 'no-longer-needed' })).status).toBe(404);
    const twice = await requestReturn(api, rejected.orderId, { lines: [{ sku, quantity: 1 }, { sku, quantity: 1 }], reason: 'no-longer-needed' });
    expect(twice.status).toBe(400);
    expect((await getReturn(api, 'ret_never_asked')).status).toBe(404);
    const noParcel = await api.request('POST', '/returns/ret_never_asked/parcel-received', { key: TEST_KEYS.commands, body: {} });
    expect(noParcel.status).toBe(404);
    expect((await api.request('GET', '/returns?stuck=maybe', { key: TEST_KEYS.queries })).status).toBe(400);

    // Same database, a one-second return window.
    const shortWindow = await startApiHarness({ RETURN_WINDOW: '1 second', MONGODB_DB: api.config.mongo.dbName, TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue });
    try {
      const order = await dispatchedOrder(api, [{ quantity: 1, unitPriceCents: 100 }]);
      await new Promise((r) => setTimeout(r, 1_500));
      const late = await requestReturn(shortWindow, order.orderId, { lines: [{ sku: order.lines[0]!.sku, quantity: 1 }], reason: 'no-longer-needed' });
      expect(late.status).toBe(409);
      expect(late.json.type).toBe('/problems/return-window-closed');
    } finally {
      await shortWindow.deps.mongo.client.close();
      await shortWindow.deps.temporal.connection.close();
    }
  });
});
