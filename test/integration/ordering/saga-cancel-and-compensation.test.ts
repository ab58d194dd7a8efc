import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { SAGA_METRICS } from '../../../activities';
import { SimulatedPaymentGateway, TEST_CARDS } from '../../../shared/adapters/simulated-payment-gateway';
import type { EventStore } from '../../../shared/platform/event-store';
import { orderWorkflowId, type OrderSagaState } from '../../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { finalSaga, orderBody, placeOrder, receiveStock, uniqueSku, waitForSaga } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';

let api: ApiHarness;
let worker: { stop: () => Promise<void> };
let store: EventStore;
let gateway: SimulatedPaymentGateway;

beforeAll(async () => {
  // Orders wait an hour for pickup: room to cancel them in the dispatch window.
  api = await startApiHarness({ ORDER_DISPATCH_AFTER: '1 hour', ORDER_REVIEW_THRESHOLD_CENTS: '100000' });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  store = deps.eventStore;
  gateway = new SimulatedPaymentGateway({ db: api.deps.mongo.db });
  worker = await startTestWorker(api.config.temporal.taskQueue, deps);
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const types = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);
const available = async (sku: string) => ((await store.readStream(`stock-${sku}`)).at(-1)?.payload as { availableAfter?: number }).availableAfter;
const handleOf = (orderId: string) => api.deps.temporal.client.workflow.getHandle(orderWorkflowId(orderId));
const authorizationsOf = async (orderId: string) => (await gateway.findAuthorizations({ orderId })).map((a) => a.status);

describe('a Temporal cancellation (Web UI, CLI, client handle.cancel()) is a business cancel, with real activities', () => {
  it('in the dispatch window: refunds, revokes points, cancels the shipment, releases stock, records order-cancelled', async () => {
    const sku = uniqueSku('tcancel');
    await receiveStock(api, sku, 3);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 4500 }] });
    await placeOrder(api, body);
    await waitForSaga(api, body.orderId, (s) => s.status === 'AWAITING_DISPATCH');

    await handleOf(body.orderId).cancel();

    const saga = (await finalSaga(api, body.orderId)) as OrderSagaState;
    expect(saga).toMatchObject({ status: 'CANCELLED', cancellation: { source: 'temporal' }, stepsCompensated: ['award-loyalty-points', 'schedule-shipment', 'authorize-payment', `reserve-stock:${sku}`] });
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-confirmed', 'order-cancelled']);
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-captured', 'payment-refunded']);
    expect(await types(`shipment-${body.orderId}`)).toEqual(['shipment-scheduled', 'shipment-cancelled']);
    expect(await types(`points-${body.customerId}`)).toEqual(['points-awarded', 'points-revoked']);
    expect(await available(sku)).toBe(3);
    expect(await authorizationsOf(body.orderId)).toEqual(['refunded']);
    expect((await handleOf(body.orderId).describe()).status.name).toBe('COMPLETED');
  });

  it('while waiting for a review: records order-cancelled', async () => {
    const sku = uniqueSku('treview');
    await receiveStock(api, sku, 1);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 250_000 }] });
    await placeOrder(api, body);
    await waitForSaga(api, body.orderId, (s) => s.status === 'AWAITING_REVIEW');

    await handleOf(body.orderId).cancel();

    expect(await finalSaga(api, body.orderId)).toMatchObject({ status: 'CANCELLED', outcomeReason: 'cancellation requested through Temporal' });
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-review-requested', 'order-cancelled']);
  });

  it('during an activity: the running step finishes and is undone with the others', async () => {
    const sku = uniqueSku('tactivity');
    await receiveStock(api, sku, 2);
    // The slow card keeps authorize-payment running for a few seconds.
    const body = orderBody({ lines: [{ sku, quantity: 2, unitPriceCents: 700 }], card: TEST_CARDS.slow });
    await placeOrder(api, body);
    await waitForSaga(api, body.orderId, (s) => s.currentStep === 'authorize-payment');

    await handleOf(body.orderId).cancel();

    const saga = await finalSaga(api, body.orderId);
    expect(saga).toMatchObject({ status: 'CANCELLED', stepsCompensated: ['authorize-payment', `reserve-stock:${sku}`] });
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-voided']);
    expect(await authorizationsOf(body.orderId)).toEqual(['voided']);
    expect(await available(sku)).toBe(2);
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-cancelled']);
  });
});

describe('compensations that fail for good, over REST', () => {
  it('leave COMPENSATION_FAILED (state, search attribute, event, metric); the admin retry brings the saga to COMPENSATED', async () => {
    const sku = uniqueSku('compfail');
    await receiveStock(api, sku, 1);
    await gateway.suspendReversals('merchant account under review');
    try {
      // The capture is declined after the shipment was booked: the saga must void the payment, which the gateway refuses.
      const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 1_250 }], card: TEST_CARDS.captureDeclined });
      await placeOrder(api, body);
      const stuck = await waitForSaga(api, body.orderId, (s) => s.status === 'COMPENSATION_FAILED');
      expect(stuck).toMatchObject({
        outcomeReason: expect.stringMatching(/^capture-declined/),
        compensationFailures: [{ step: 'authorize-payment', reason: expect.stringMatching(/^reversals-suspended/) }],
        stepsCompensated: ['schedule-shipment', `reserve-stock:${sku}`],
      });
      expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-rejected', 'order-compensation-failed']);
      expect(await SAGA_METRICS.registry.getSingleMetricAsString('saga_compensation_failures_total')).toMatch(/saga_compensation_failures_total\{step="authorize-payment"\} [1-9]/);

      const listed = await listUntil(`/orders?sagaStatus=COMPENSATION_FAILED&customerId=${body.customerId}`, (orders) => orders.length > 0);
      expect(listed).toEqual([expect.objectContaining({ orderId: body.orderId, sagaStatus: 'COMPENSATION_FAILED', executionStatus: 'RUNNING' })]);

      const forbidden = await api.request('POST', `/orders/${body.orderId}/compensations/retry`, { key: TEST_KEYS.commands, body: { operator: 'olga' } });
      expect(forbidden.status).toBe(403);

      const tooSoon = await api.request('POST', `/orders/${body.orderId}/compensations/retry?wait=20`, { key: TEST_KEYS.admin, body: { operator: 'olga' } });
      expect(tooSoon.status).toBe(200);
      expect(await readJson(tooSoon)).toMatchObject({ status: 'COMPENSATION_FAILED', compensationRetries: 1 });

      await gateway.resumeReversals();
      const retried = await api.request('POST', `/orders/${body.orderId}/compensations/retry?wait=20`, { key: TEST_KEYS.admin, body: { operator: 'olga', note: 'review cleared' } });
      expect(retried.status).toBe(200);
      expect(await readJson(retried)).toMatchObject({ status: 'COMPENSATED', compensationFailures: [], compensationRetries: 2 });

      expect(await finalSaga(api, body.orderId)).toMatchObject({ status: 'COMPENSATED', stepsCompensated: ['schedule-shipment', `reserve-stock:${sku}`, 'authorize-payment'] });
      expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-voided']);
      expect(await authorizationsOf(body.orderId)).toEqual(['voided']);
      expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-rejected', 'order-compensation-failed', 'order-compensation-failed']);

      const again = await api.request('POST', `/orders/${body.orderId}/compensations/retry`, { key: TEST_KEYS.admin, body: { operator: 'olga' } });
      expect(again.status).toBe(409);
      expect(await readJson(again)).toMatchObject({ type: '/problems/no-failed-compensations' });
    } finally {
      await gateway.resumeReversals();
    }
  });

  it('answers 409 to a retry of an order whose compensations did not fail, 404 for an unknown order, 400 for a bad body', async () => {
    const sku = uniqueSku('noretry');
    await receiveStock(api, sku, 1);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 100 }] });
    await placeOrder(api, body, 20);
    const refused = await api.request('POST', `/orders/${body.orderId}/compensations/retry`, { key: TEST_KEYS.admin, body: { operator: 'olga' } });
    expect(refused.status).toBe(409);
    expect(await readJson(refused)).toMatchObject({ type: '/problems/no-failed-compensations' });
    expect((await api.request('POST', '/orders/ord_nope/compensations/retry', { key: TEST_KEYS.admin, body: { operator: 'olga' } })).status).toBe(404);
    expect((await api.request('POST', `/orders/${body.orderId}/compensations/retry`, { key: TEST_KEYS.admin, body: { who: 'olga' } })).status).toBe(400);
    expect((await api.request('GET', '/orders?sagaStatus=NOT_A_STATUS', { key: TEST_KEYS.queries })).status).toBe(400);
    await handleOf(body.orderId).cancel();
  });
});

/** Visibility is eventually consistent: polls the listing until `done` holds. */
async function listUntil(path: string, done: (orders: { orderId: string }[]) => boolean): Promise<Record<string, unknown>[]> {
  for (;;) {
    const res = await api.request('GET', path, { key: TEST_KEYS.queries });
    expect(res.status).toBe(200);
    const { orders } = (await readJson(res)) as { orders: { orderId: string }[] };
    if (done(orders)) return orders;
    await new Promise((r) => setTimeout(r, 250));
  }
}
