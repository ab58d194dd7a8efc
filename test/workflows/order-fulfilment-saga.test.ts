import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelOrderSignal,
  cancelOrderUpdate,
  retryCompensationsUpdate,
  reviewOrderUpdate,
  SagaStatusAttribute,
} from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import type { OrderSagaState } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import {
  actThenFailTransiently,
  workerDiesTimes,
  failTransiently,
  failTransientlyFor,
  firstAttempts,
  Gate,
  ok,
  refuse,
  until,
  WorkflowTestKit,
  type Behaviour,
} from '../support/workflow-given-when-then';
import { atSaga, atStatus, FORWARD_PATH, ORDER_SAGA_STAND_INS, orderInput, startSaga } from './order-saga-stand-ins';

let kit: WorkflowTestKit;
/** The time-skipping server refuses to cancel a running activity (ACTIVITY_UNKNOWN): those scenarios run on the dev server. */
let devKit: WorkflowTestKit;
beforeAll(async () => {
  [kit, devKit] = await Promise.all([WorkflowTestKit.create(ORDER_SAGA_STAND_INS), WorkflowTestKit.create(ORDER_SAGA_STAND_INS, { server: 'dev-server' })]);
});
afterAll(async () => { await Promise.all([kit?.teardown(), devKit?.teardown()]); });

const MINUTE = 60_000;
const ALL_UNDONE_AFTER_CONFIRMATION = ['award-loyalty-points', 'schedule-shipment', 'authorize-payment', 'reserve-stock:WIDGET'];
const UNDO_AFTER_CONFIRMATION = ['revokeLoyaltyPoints', 'cancelShipment', 'refundPayment', 'releaseStock'];
const status = (value: string) => [[SagaStatusAttribute, value]] as const;

describe('order fulfilment saga, with stand-in activities: the forward path and business refusals', () => {
  it('completes: every step in order, then dispatch after the cancel window', async () => {
    await kit.given().when(startSaga(orderInput())).then({
      state: { status: 'COMPLETED', stepsCompleted: ['place-order', 'reserve-stock:WIDGET', 'authorize-payment', 'schedule-shipment', 'capture-payment', 'award-loyalty-points', 'confirm-order', 'dispatch-shipment'], stepsCompensated: [] },
      searchAttributes: status('COMPLETED'),
      calls: [...FORWARD_PATH, 'dispatchShipment'],
    });
  });

  it('rejects an order whose only line is out of stock: the refused reservation has nothing to undo', async () => {
    await kit.given({ reserveStock: refuse('insufficient-stock') }).when(startSaga(orderInput())).then({
      state: { status: 'REJECTED', stepsCompensated: [], outcomeReason: expect.stringMatching(/^insufficient-stock/) },
      searchAttributes: status('REJECTED'),
      calls: ['placeOrder', 'reserveStock', 'releaseStock', 'rejectOrder'],
    });
  });

  it('releases the other lines when one line is out of stock (parallel reservations settle first)', async () => {
    const input = orderInput({ lines: [{ sku: 'A-1', quantity: 1, unitPriceCents: 100 }, { sku: 'B-2', quantity: 1, unitPriceCents: 100 }] });
    const outOfB: Behaviour = (call) => ((call.input as { sku: string }).sku === 'B-2' ? refuse('insufficient-stock')(call) : undefined);
    const { calls } = await kit.given({ reserveStock: outOfB }).when(startSaga(input)).then({
      state: { status: 'COMPENSATED', stepsCompensated: ['reserve-stock:A-1'] },
    });
    expect(calls.filter((c) => c.activity === 'releaseStock').map((c) => (c.input as { sku: string }).sku).sort()).toEqual(['A-1', 'B-2']);
    expect(firstAttempts(calls).at(-1)).toBe('rejectOrder');
  });

  it('compensates a declined card: voids nothing, releases the stock, rejects the order', async () => {
    await kit.given({ authorizePayment: refuse('card-declined') }).when(startSaga(orderInput())).then({
      state: { status: 'COMPENSATED', stepsCompensated: ['reserve-stock:WIDGET'], outcomeReason: expect.stringMatching(/^card-declined/) },
      calls: ['placeOrder', 'reserveStock', 'authorizePayment', 'voidPayment', 'releaseStock', 'rejectOrder'],
    });
  });

  it('compensates a shipment the carrier refuses: voids the payment, releases the stock', async () => {
    await kit.given({ scheduleShipment: refuse('address-not-serviceable') }).when(startSaga(orderInput())).then({
      state: { status: 'COMPENSATED', stepsCompensated: ['authorize-payment', 'reserve-stock:WIDGET'] },
      calls: ['placeOrder', 'reserveStock', 'authorizePayment', 'scheduleShipment', 'cancelShipment', 'voidPayment', 'releaseStock', 'rejectOrder'],
    });
  });
});

describe('order fulfilment saga: failures after the payment is captured refund it, cancel the shipment and release stock', () => {
  it('a capture that fails for good is refunded (the refund also covers a capture whose answer was lost)', async () => {
    await kit.given({ capturePayment: refuse('authorization-voided') }).when(startSaga(orderInput())).then({
      state: { status: 'COMPENSATED', stepsCompensated: ['schedule-shipment', 'authorize-payment', 'reserve-stock:WIDGET'] },
      calls: ['placeOrder', 'reserveStock', 'authorizePayment', 'scheduleShipment', 'capturePayment', 'cancelShipment', 'refundPayment', 'releaseStock', 'rejectOrder'],
    });
  });

  it('loyalty points that cannot be awarded', async () => {
    await kit.given({ awardLoyaltyPoints: refuse('points-revoked-for-order') }).when(startSaga(orderInput())).then({
      state: { status: 'COMPENSATED', stepsCompensated: ['schedule-shipment', 'authorize-payment', 'reserve-stock:WIDGET'] },
      calls: [...FORWARD_PATH.slice(0, 6), 'revokeLoyaltyPoints', 'cancelShipment', 'refundPayment', 'releaseStock', 'rejectOrder'],
    });
  });

  it('a confirmation that fails for good', async () => {
    await kit.given({ confirmOrder: refuse('order-not-pending') }).when(startSaga(orderInput())).then({
      state: { status: 'COMPENSATED', stepsCompensated: ALL_UNDONE_AFTER_CONFIRMATION },
      calls: [...FORWARD_PATH, ...UNDO_AFTER_CONFIRMATION, 'rejectOrder'],
    });
  });
});

describe('order fulfilment saga: manual review', () => {
  const bigOrder = () => orderInput({ unitPriceCents: 250_000 });

  it('continues after an approval', async () => {
    await kit.given()
      .when(startSaga(bigOrder()), atStatus('AWAITING_REVIEW', ({ handle }) => handle.executeUpdate(reviewOrderUpdate, { args: [{ decision: 'approve', reviewer: 'rita' }] })))
      .then({ state: { status: 'COMPLETED', review: 'approved' }, calls: ['placeOrder', 'requestOrderReview', 'approveOrderReview', ...FORWARD_PATH.slice(1), 'dispatchShipment'] });
  });

  it('stops after a rejection, recorded by the review itself', async () => {
    await kit.given()
      .when(startSaga(bigOrder()), atStatus('AWAITING_REVIEW', ({ handle }) => handle.executeUpdate(reviewOrderUpdate, { args: [{ decision: 'reject', reviewer: 'rita', reason: 'fraud suspected' }] })))
      .then({ state: { status: 'REJECTED', review: 'rejected' }, calls: ['placeOrder', 'requestOrderReview', 'rejectOrderReview'] });
  });

  it('rejects the order when nobody decides within the review timeout', async () => {
    await kit.given().when(startSaga(bigOrder())).then({
      state: { status: 'REJECTED', review: 'timed-out', outcomeReason: expect.stringMatching(/^review-timed-out/) },
      searchAttributes: status('REJECTED'),
      calls: ['placeOrder', 'requestOrderReview', 'rejectOrder'],
    });
  });
});

describe('order fulfilment saga: a cancel from any source, at any point before dispatch, is a business cancel', () => {
  const cancelled = (reason: string) => ({ status: 'CANCELLED', outcomeReason: reason });

  it('Temporal cancel while waiting for a review', async () => {
    await kit.given()
      .when(startSaga(orderInput({ unitPriceCents: 250_000 })), atStatus('AWAITING_REVIEW', ({ handle }) => handle.cancel()))
      .then({
        state: { ...cancelled('cancellation requested through Temporal'), cancellation: { source: 'temporal' } },
        searchAttributes: status('CANCELLED'),
        calls: ['placeOrder', 'requestOrderReview', 'cancelOrder'],
      });
  });

  it('cancel update while waiting for a review', async () => {
    await kit.given()
      .when(startSaga(orderInput({ unitPriceCents: 250_000 })), atStatus('AWAITING_REVIEW', ({ handle }) => handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] })))
      .then({ state: cancelled('changed my mind'), calls: ['placeOrder', 'requestOrderReview', 'cancelOrder'] });
  });

  for (const [source, cancel] of [
    ['a Temporal cancel', (h: { cancel(): Promise<unknown> }) => h.cancel()],
    ['the cancel update', (h: Parameters<Parameters<typeof atStatus>[1]>[0]['handle']) => h.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] })],
    ['the cancel signal (how the lead cancels its order)', (h: Parameters<Parameters<typeof atStatus>[1]>[0]['handle']) => h.signal(cancelOrderSignal, { reason: 'changed my mind' })],
  ] as const) {
    it(`${source} in the dispatch window undoes every step newest first and records order-cancelled`, async () => {
      await kit.given()
        .when(startSaga(orderInput()), atStatus('AWAITING_DISPATCH', ({ handle }) => cancel(handle as never)))
        .then({
          state: { status: 'CANCELLED', stepsCompensated: ALL_UNDONE_AFTER_CONFIRMATION, stepsCompleted: expect.not.arrayContaining(['dispatch-shipment']) },
          searchAttributes: status('CANCELLED'),
          calls: [...FORWARD_PATH, ...UNDO_AFTER_CONFIRMATION, 'cancelOrder'],
        });
    });
  }

  it('a Temporal cancel during dispatch is noted and ignored: the parcel leaves, nothing is half undone', async () => {
    const gate = new Gate();
    const { state } = await kit.given({ dispatchShipment: gate.behaviour })
      .when(startSaga(orderInput({ policy: { dispatchAfter: '1 second' } })), gate.whileInside(({ handle }) => handle.cancel()))
      .then<OrderSagaState>({ state: { status: 'COMPLETED', stepsCompensated: [] }, calls: [...FORWARD_PATH, 'dispatchShipment'] });
    expect(state.notes).toEqual([expect.stringMatching(/^cancel ignored: .*dispatched/)]);
  });

  it('refuses a cancel update during dispatch with the reason', async () => {
    const gate = new Gate();
    let refusal: unknown;
    await kit.given({ dispatchShipment: gate.behaviour })
      .when(startSaga(orderInput({ policy: { dispatchAfter: '1 second' } })), gate.whileInside(async ({ handle }) => {
        refusal = await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'too late' }] }).catch((err: unknown) => err);
      }))
      .then({ state: { status: 'COMPLETED' } });
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'order-already-dispatched' });
  });
});

describe('order fulfilment saga: the failure kinds', () => {
  it("a provider's transient failures beyond the budget fail the step, which is then compensated", async () => {
    await kit.given({ scheduleShipment: failTransiently() }).when(startSaga(orderInput({ policy: { stepRetryBudget: '1 minute' } }))).then({
      state: { status: 'COMPENSATED', stepsCompensated: ['authorize-payment', 'reserve-stock:WIDGET'], outcomeReason: expect.stringMatching(/^transient-provider-error/) },
      calls: ['placeOrder', 'reserveStock', 'authorizePayment', 'scheduleShipment', 'cancelShipment', 'voidPayment', 'releaseStock', 'rejectOrder'],
    });
  });

  it('a step that acted but never reported back is undone (its compensation was registered before it ran)', async () => {
    await kit.given({ authorizePayment: actThenFailTransiently }).when(startSaga(orderInput({ policy: { stepRetryBudget: '1 minute' } }))).then({
      state: { status: 'COMPENSATED', stepsCompleted: ['place-order', 'reserve-stock:WIDGET'], stepsCompensated: ['authorize-payment', 'reserve-stock:WIDGET'] },
      calls: ['placeOrder', 'reserveStock', 'authorizePayment', 'voidPayment', 'releaseStock', 'rejectOrder'],
    });
  });

  it('transient failures within the budget are absorbed: minutes of them, no compensation', async () => {
    await kit.given({ scheduleShipment: failTransientlyFor(3 * MINUTE, ok({ trackingId: 'TRK1' })) }).when(startSaga(orderInput())).then({
      state: { status: 'COMPLETED', stepsCompensated: [] },
    });
  });

  it('a step whose worker died on every attempt (heartbeat timeouts, budget and allowance used up) runs again instead of failing the order', async () => {
    const { state } = await kit.given({ scheduleShipment: workerDiesTimes(4, 700, ok({ trackingId: 'TRK1' })) })
      .when(startSaga(orderInput({ policy: { stepRetryBudget: '1 second', workerLostAfter: '300 ms' } })))
      .then<OrderSagaState>({ state: { status: 'COMPLETED', stepsCompensated: [] } });
    expect(state.notes).toEqual([expect.stringMatching(/^schedule-shipment did not finish \(timed out/)]);
  });

  it('a failing dispatch of a confirmed order is retried until it goes through', async () => {
    await kit.given({ dispatchShipment: failTransientlyFor(20 * MINUTE) }).when(startSaga(orderInput())).then({
      state: { status: 'COMPLETED', stepsCompensated: [] },
      calls: [...FORWARD_PATH, 'dispatchShipment'],
    });
  });

  it('a dispatch refused for good cancels the confirmed order through the cancel path (never the pre-confirmation undo)', async () => {
    await kit.given({ dispatchShipment: refuse('shipment-cancelled') }).when(startSaga(orderInput())).then({
      state: { status: 'CANCELLED', cancellation: { source: 'dispatch' }, outcomeReason: expect.stringMatching(/^dispatch refused: shipment-cancelled/), stepsCompensated: ALL_UNDONE_AFTER_CONFIRMATION },
      calls: [...FORWARD_PATH, 'dispatchShipment', ...UNDO_AFTER_CONFIRMATION, 'cancelOrder'],
    });
  });
});

describe('order fulfilment saga: compensations that fail', () => {
  it('retries a compensation that fails transiently for minutes until it is done', async () => {
    const { calls } = await kit.given({ authorizePayment: refuse('card-declined'), releaseStock: failTransientlyFor(5 * MINUTE, ok({ undone: true })) })
      .when(startSaga(orderInput()))
      .then({ state: { status: 'COMPENSATED', stepsCompensated: ['reserve-stock:WIDGET'], compensationFailures: [] } });
    expect(calls.filter((c) => c.activity === 'releaseStock').length).toBeGreaterThan(3);
  });

  it('a compensation failing for good leaves COMPENSATION_FAILED; the operator retry brings it to COMPENSATED', async () => {
    let fixed = false;
    let stuck: unknown;
    let retried: unknown;
    const { calls } = await kit.given({
      scheduleShipment: refuse('address-not-serviceable'),
      voidPayment: until(() => fixed, refuse('authorization-locked'), ok({ undone: true })),
    })
      .when(
        startSaga(orderInput()),
        atStatus('COMPENSATION_FAILED', async ({ handle }, state) => {
          stuck = { state, searchAttribute: (await handle.describe()).typedSearchAttributes.get(SagaStatusAttribute) };
          fixed = true;
          retried = await handle.executeUpdate(retryCompensationsUpdate, { args: [{ operator: 'olga', note: 'lock lifted' }] });
        }),
      )
      .then({
        state: { status: 'COMPENSATED', compensationFailures: [], compensationRetries: 1, stepsCompensated: ['reserve-stock:WIDGET', 'authorize-payment'] },
        searchAttributes: status('COMPENSATED'),
      });
    expect(stuck).toMatchObject({
      searchAttribute: 'COMPENSATION_FAILED',
      state: { compensationFailures: [{ step: 'authorize-payment', reason: expect.stringMatching(/^authorization-locked/) }], stepsCompensated: ['reserve-stock:WIDGET'] },
    });
    expect(retried).toMatchObject({ status: 'COMPENSATED' });
    expect(firstAttempts(calls)).toEqual(['placeOrder', 'reserveStock', 'authorizePayment', 'scheduleShipment', 'cancelShipment', 'voidPayment', 'releaseStock', 'rejectOrder', 'recordCompensationFailure', 'voidPayment']);
    expect(calls.find((c) => c.activity === 'recordCompensationFailure')?.input).toMatchObject({ failures: [{ step: 'authorize-payment' }] });
  });

  it('stays COMPENSATION_FAILED after a retry that fails again, and records it again', async () => {
    let fixed = false;
    await kit.given({ authorizePayment: refuse('card-declined'), releaseStock: until(() => fixed, refuse('stock-locked'), ok({ undone: true })) })
      .when(
        startSaga(orderInput()),
        atStatus('COMPENSATION_FAILED', async ({ handle }) => {
          expect(await handle.executeUpdate(retryCompensationsUpdate, { args: [{ operator: 'olga' }] })).toMatchObject({ status: 'COMPENSATION_FAILED', compensationRetries: 1 });
          fixed = true;
          await handle.executeUpdate(retryCompensationsUpdate, { args: [{ operator: 'olga' }] });
        }),
      )
      .then({ state: { status: 'COMPENSATED', compensationRetries: 2 } });
  });

  it('refuses a retry when no compensation failed', async () => {
    let refusal: unknown;
    await kit.given()
      .when(startSaga(orderInput()), atSaga((s) => s.status === 'AWAITING_DISPATCH', async ({ handle }) => {
        refusal = await handle.executeUpdate(retryCompensationsUpdate, { args: [{ operator: 'olga' }] }).catch((err: unknown) => err);
        await handle.cancel();
      }))
      .then({ state: { status: 'CANCELLED' } });
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'no-failed-compensations' });
  });
});

describe('order fulfilment saga: a Temporal cancel while a step runs (on the dev server)', () => {
  it('Temporal cancel during an activity: the step finishes, then it is undone like the others', async () => {
    const gate = new Gate(ok({ trackingId: 'TRK1' }));
    await devKit.given({ scheduleShipment: gate.behaviour })
      .when(startSaga(orderInput()), gate.whileInside(({ handle }) => handle.cancel()))
      .then({
        state: { status: 'CANCELLED', stepsCompensated: ['schedule-shipment', 'authorize-payment', 'reserve-stock:WIDGET'] },
        calls: ['placeOrder', 'reserveStock', 'authorizePayment', 'scheduleShipment', 'cancelShipment', 'voidPayment', 'releaseStock', 'cancelOrder'],
      });
  });

  it('Temporal cancel during an activity that hears it: the interrupted step is undone too (registered before it ran)', async () => {
    const gate = new Gate(ok(), { heartbeat: true });
    const acting: typeof gate.behaviour = (call) => { call.acted(); return gate.behaviour(call); };
    await devKit.given({ scheduleShipment: acting })
      .when(startSaga(orderInput()), gate.whileInside(({ handle }) => handle.cancel()))
      .then({
        state: { status: 'CANCELLED', stepsCompleted: ['place-order', 'reserve-stock:WIDGET', 'authorize-payment'], stepsCompensated: ['schedule-shipment', 'authorize-payment', 'reserve-stock:WIDGET'] },
        calls: ['placeOrder', 'reserveStock', 'authorizePayment', 'scheduleShipment', 'cancelShipment', 'voidPayment', 'releaseStock', 'cancelOrder'],
      });
  });

  it('Temporal cancel while reservations run in parallel: all of them settle, then all are released', async () => {
    const gate = new Gate();
    const input = orderInput({ lines: [{ sku: 'A-1', quantity: 1, unitPriceCents: 100 }, { sku: 'B-2', quantity: 1, unitPriceCents: 100 }] });
    const slowB: Behaviour = (call) => ((call.input as { sku: string }).sku === 'B-2' ? gate.behaviour(call) : undefined);
    const { state } = await devKit.given({ reserveStock: slowB })
      .when(startSaga(input), gate.whileInside(({ handle }) => handle.cancel()))
      .then<OrderSagaState>({ state: { status: 'CANCELLED' } });
    expect([...state.stepsCompensated].sort()).toEqual(['reserve-stock:A-1', 'reserve-stock:B-2']);
  });

});
