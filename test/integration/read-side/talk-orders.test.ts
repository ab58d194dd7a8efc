import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import type { Projector } from '../../../shared/platform/projections/view-projector';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { finalSaga, orderBody, placeOrder, receiveStock, uniqueSku, waitForSaga } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';
import { startTestProjector } from './read-side-kit';

let api: ApiHarness;
let slowDispatchApi: ApiHarness;
let worker: { stop: () => Promise<void> };
let projector: Projector;
const sku = uniqueSku('talk');

beforeAll(async () => {
  const env = { MONGODB_READ_DB: `read_${randomUUID().slice(0, 8)}`, ORDER_REVIEW_THRESHOLD_CENTS: '100000000', QUERY_CONSISTENCY_TIMEOUT_MS: '60000' };
  api = await startApiHarness({ ...env, ORDER_DISPATCH_AFTER: '1 second' });
  // Same databases and task queue, but orders wait an hour for pickup: room to cancel.
  slowDispatchApi = await startApiHarness({ ...env, ORDER_DISPATCH_AFTER: '1 hour', MONGODB_DB: api.config.mongo.dbName, TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  worker = await startTestWorker(api.config.temporal.taskQueue, deps);
  projector = startTestProjector(api.deps.mongo.db, api.deps.mongo.client.db(api.config.mongo.readDbName));
  await projector.start();
  await projector.whenBootstrapped();
  await receiveStock(api, sku, 100);
});
afterAll(async () => {
  await projector?.stop();
  await worker?.stop();
  await slowDispatchApi?.close();
  await api?.deps.mongo.client.db(api.config.mongo.readDbName).dropDatabase().catch(() => undefined);
  await api?.close();
});

/** Places an order of one unit at `dollars` shipped to `state`, waits for the saga, returns its final state and order stream version. */
async function order(harness: ApiHarness, customer: string, state: string, dollars: number): Promise<{ orderId: string; saga: LooseJson; orderVersion: number }> {
  const body = orderBody({ customerId: `cus_${customer}`, state, lines: [{ sku, quantity: 1, unitPriceCents: dollars * 100 }] });
  expect((await placeOrder(harness, body)).status).toBe(202);
  const saga = await finalSaga(harness, body.orderId);
  const live = await readJson(await harness.request('GET', `/orders/${body.orderId}/saga`, { key: TEST_KEYS.queries }));
  return { orderId: body.orderId, saga, orderVersion: live.orderVersion as number };
}

const salesByState = async (orderId: string, orderVersion: number) => {
  const res = await api.request('GET', `/reports/sales-by-state?orderId=${orderId}&minVersion=${orderVersion}`, { key: TEST_KEYS.queries });
  expect(res.status).toBe(200);
  const report = await readJson(res);
  return Object.fromEntries((report.states as { state: string; amountCents: number; orders: number }[]).map((s) => [s.state, [s.amountCents / 100, s.orders]]));
};

describe("the talk's CQRS example, through the REST API and a real saga", () => {
  it('sales by state: NY 4000 Carlos, AZ 300 Ann, CA 1000 Pritha, CA 340 Antoni, AZ 2133 Amani, then NY 900 Widelene', async () => {
    const talk = [['carlos', 'NY', 4000], ['ann', 'AZ', 300], ['pritha', 'CA', 1000], ['antoni', 'CA', 340], ['amani', 'AZ', 2133]] as const;
    const placed = await Promise.all(talk.map(([customer, state, dollars]) => order(api, customer, state, dollars)));
    for (const p of placed) expect(p.saga.status).toBe('COMPLETED');
    let report: Record<string, unknown> = {};
    for (const p of placed) report = await salesByState(p.orderId, p.orderVersion); // the last read reflects every order
    expect(report).toEqual({ NY: [4000, 1], AZ: [2433, 2], CA: [1340, 2] });

    const widelene = await order(api, 'widelene', 'NY', 900);
    expect(await salesByState(widelene.orderId, widelene.orderVersion)).toEqual({ NY: [4900, 2], AZ: [2433, 2], CA: [1340, 2] });
  });

  it('the order summary shows what the saga did, read-your-writes with the saga\'s orderVersion', async () => {
    const { orderId, saga, orderVersion } = await order(api, 'carlos', 'NY', 25);
    expect(orderVersion).toBe(2);
    const res = await api.request('GET', `/orders/${orderId}?minVersion=${orderVersion}`, { key: TEST_KEYS.queries });
    expect(res.status).toBe(200);
    let summary = await readJson(res);
    expect(summary).toMatchObject({ orderId, customerId: 'cus_carlos', totalCents: 2_500, version: 2 });
    // The saga has finished, so the order has left; the summary says so once the shipment stream's part is in.
    expect(['confirmed', 'dispatched']).toContain(summary.status);
    // Steps recorded in other streams (payment, shipment, stock, points) may trail the order's own.
    while (summary.saga.stepsCompleted.length < saga.stepsCompleted.length) {
      await new Promise((r) => setTimeout(r, 100));
      summary = await readJson(await api.request('GET', `/orders/${orderId}`, { key: TEST_KEYS.queries }));
    }
    expect(summary.saga).toEqual({ stepsCompleted: saga.stepsCompleted, stepsCompensated: [], stepsFailed: [] });
    expect(summary).toMatchObject({ status: 'dispatched', payment: { status: 'captured' }, shipment: { status: 'dispatched' }, stock: [{ sku, status: 'committed', quantity: 1 }], loyalty: { status: 'awarded' } });

    const list = await readJson(await api.request('GET', `/customers/cus_carlos/orders?orderId=${orderId}&minVersion=2&limit=1`, { key: TEST_KEYS.queries }));
    expect(list.orders).toMatchObject([{ orderId, status: 'confirmed', totalCents: 2_500, shipToState: 'NY' }]);
    expect(list.total).toBe(2);
    const older = await readJson(await api.request('GET', `/customers/cus_carlos/orders?limit=1&cursor=${list.nextCursor as string}`, { key: TEST_KEYS.queries }));
    expect(older.orders).toMatchObject([{ totalCents: 400_000 }]);
    expect(older.nextCursor).toBeNull();
  });

  it('an order cancelled after confirmation leaves the totals; its summary lists the compensations as the saga ran them', async () => {
    const body = orderBody({ customerId: 'cus_ann', state: 'AZ', lines: [{ sku, quantity: 1, unitPriceCents: 77_700 }] });
    await placeOrder(slowDispatchApi, body);
    await waitForSaga(api, body.orderId, (s) => s.status === 'AWAITING_DISPATCH');
    const confirmed = await readJson(await api.request('GET', `/orders/${body.orderId}/saga`, { key: TEST_KEYS.queries }));
    expect((await salesByState(body.orderId, confirmed.orderVersion as number)).AZ).toEqual([3210, 3]);

    expect((await api.request('POST', `/orders/${body.orderId}/cancel`, { key: TEST_KEYS.commands, body: { reason: 'changed my mind' } })).status).toBe(202);
    const saga = await finalSaga(api, body.orderId);
    expect(saga.status).toBe('CANCELLED');
    const { orderVersion } = await readJson(await api.request('GET', `/orders/${body.orderId}/saga`, { key: TEST_KEYS.queries }));
    expect((await salesByState(body.orderId, orderVersion as number)).AZ).toEqual([2433, 2]);

    let summary = await readJson(await api.request('GET', `/orders/${body.orderId}?minVersion=${orderVersion as number}`, { key: TEST_KEYS.queries }));
    expect(summary).toMatchObject({ status: 'cancelled', outcomeReason: 'changed my mind', version: 3 });
    // The compensating events are in other streams than the order's: they may trail it a little.
    while (summary.saga.stepsCompensated.length < saga.stepsCompensated.length) {
      await new Promise((r) => setTimeout(r, 100));
      summary = await readJson(await api.request('GET', `/orders/${body.orderId}`, { key: TEST_KEYS.queries }));
    }
    expect(summary.saga.stepsCompensated).toEqual(saga.stepsCompensated);
    expect(summary).toMatchObject({ payment: { status: 'refunded' }, shipment: { status: 'cancelled' }, loyalty: { status: 'revoked' }, stock: [{ status: 'released' }] });
  });
});
