import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { OrderFulfilmentActivities, StepContext } from '../../../activities/ordering/order-fulfilment-activities';
import { CompensationStack, failureReason } from '../../kernel/compensation-stack';
import {
  cancelOrderSignal,
  cancelOrderUpdate,
  CustomerIdAttribute,
  isCancellable,
  OrderIdAttribute,
  orderTotalCents,
  OrderTotalAttribute,
  reviewOrderUpdate,
  SagaStatusAttribute,
  sagaStateQuery,
  type CancelRequest,
  type OrderFulfilmentInput,
  type OrderSagaState,
  type OrderStep,
  type SagaStatus,
} from './order-fulfilment-contract';
import { describeSaga } from './saga-summary';

const forwardStep = (budget: Duration) =>
  proxyActivities<OrderFulfilmentActivities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: budget,
    retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  });

// Compensations retry until done: no attempt limit, no schedule-to-close.
const compensation = proxyActivities<OrderFulfilmentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Thrown inside the saga to stop the forward path; never leaves the workflow. */
class StopSaga extends Error {
  constructor(readonly outcome: 'rejected' | 'cancelled', readonly reason: string) {
    super(reason);
  }
}

/**
 * Order fulfilment as an orchestrated saga: place order, (manual review above a threshold),
 * reserve stock for every line in parallel, authorize payment, schedule shipment, capture
 * payment, award loyalty points, confirm; dispatch after a cancel window. A permanent failure
 * or a customer cancel undoes every completed step in reverse order.
 */
export async function orderFulfilmentSaga(input: OrderFulfilmentInput): Promise<OrderSagaState> {
  const totalCents = orderTotalCents(input.lines);
  const state: OrderSagaState = {
    orderId: input.orderId,
    customerId: input.customerId,
    totalCents,
    status: 'RUNNING',
    currentStep: null,
    stepsCompleted: [],
    stepsCompensated: [],
    compensationFailures: [],
    review: 'not-needed',
    cancellation: null,
    outcomeReason: null,
    notes: [],
  };
  let reviewDecision: { decision: 'approve' | 'reject'; reviewer: string; reason?: string } | null = null;

  const ctx: StepContext = { orderId: input.orderId, correlationId: input.correlationId };
  const act = forwardStep(input.policy.stepRetryBudget);
  const compensations = new CompensationStack();

  const setStatus = (status: SagaStatus) => {
    state.status = status;
    upsertSearchAttributes([{ key: SagaStatusAttribute, value: status }]);
  };

  const requestCancel = (req: CancelRequest) => {
    state.cancellation = { requestedReason: req.reason };
  };

  setHandler(sagaStateQuery, () => state, { description: 'Saga state: steps run, steps compensated, current step' });
  setHandler(cancelOrderUpdate, (req) => { requestCancel(req); return state; }, {
    validator: (_req: CancelRequest) => {
      const verdict = isCancellable(state);
      if (!verdict.ok) throw ApplicationFailure.create({ type: verdict.code, message: verdict.reason, nonRetryable: true });
    },
    description: 'Cancel the order; refused once dispatched',
  });
  setHandler(cancelOrderSignal, (req) => {
    const verdict = isCancellable(state);
    if (verdict.ok) requestCancel(req);
    else state.notes.push(`cancel ignored: ${verdict.reason}`);
  }, { description: 'Cancel the order (fire and forget)' });
  setHandler(reviewOrderUpdate, async (decision) => {
    reviewDecision = decision;
    await condition(() => state.review !== 'pending');
    return state;
  }, {
    validator: (decision) => {
      if (state.review !== 'pending' || reviewDecision !== null) {
        throw ApplicationFailure.create({
          type: 'order-not-awaiting-review',
          message: `order ${state.orderId} is not waiting for a review (review: ${state.review})`,
          nonRetryable: true,
        });
      }
      if (decision.decision === 'reject' && !decision.reason) {
        throw ApplicationFailure.create({ type: 'invalid-review', message: 'a rejection needs a reason', nonRetryable: true });
      }
    },
    description: 'Approve or reject an order waiting for manual review',
  });

  upsertSearchAttributes([
    { key: OrderIdAttribute, value: input.orderId },
    { key: CustomerIdAttribute, value: input.customerId },
    { key: OrderTotalAttribute, value: totalCents / 100 },
    { key: SagaStatusAttribute, value: 'RUNNING' },
  ]);

  /** Runs one forward step; a permanent failure stops the saga as rejected. */
  async function step<T>(name: OrderStep, run: () => Promise<T>): Promise<T> {
    checkpoint();
    state.currentStep = name;
    describeSaga(state);
    try {
      const result = await run();
      state.stepsCompleted.push(name);
      return result;
    } catch (err) {
      throw new StopSaga('rejected', failureReason(err));
    }
  }

  function checkpoint(): void {
    if (state.cancellation) throw new StopSaga('cancelled', state.cancellation.requestedReason);
  }

  try {
    await step('place-order', () => act.placeOrder({ ...ctx, customerId: input.customerId, lines: input.lines, shippingAddress: input.shippingAddress }));

    if (totalCents > input.policy.reviewThresholdCents) {
      await step('await-review', async () => {
        await act.requestOrderReview({ ...ctx, reason: `total ${formatCents(totalCents)} is above the review threshold ${formatCents(input.policy.reviewThresholdCents)}` });
        state.review = 'pending';
        setStatus('AWAITING_REVIEW');
        const decided = await condition(() => reviewDecision !== null || state.cancellation !== null, input.policy.reviewTimeout);
        if (state.cancellation) return;
        if (!decided || !reviewDecision) {
          state.review = 'timed-out';
          throw ApplicationFailure.create({ type: 'review-timed-out', message: `no review decision within ${String(input.policy.reviewTimeout)}`, nonRetryable: true });
        }
        const d: { decision: 'approve' | 'reject'; reviewer: string; reason?: string } = reviewDecision;
        if (d.decision === 'reject') {
          await act.rejectOrderReview({ ...ctx, reviewer: d.reviewer, reason: d.reason ?? 'rejected in review' });
          state.review = 'rejected';
          throw ApplicationFailure.create({ type: 'rejected-in-review', message: d.reason ?? 'rejected in review', nonRetryable: true });
        }
        await act.approveOrderReview({ ...ctx, reviewer: d.reviewer, ...(d.reason ? { note: d.reason } : {}) });
        state.review = 'approved';
        setStatus('RUNNING');
      });
    }

    checkpoint();
    state.currentStep = 'reserve-stock:*' as OrderStep;
    const reservations = await Promise.allSettled(
      input.lines.map(async (line) => {
        await act.reserveStock({ ...ctx, sku: line.sku, quantity: line.quantity });
        const name = `reserve-stock:${line.sku}` as const;
        state.stepsCompleted.push(name);
        compensations.push(name, () => compensation.releaseStock({ ...ctx, sku: line.sku, reason: compensationReason() }));
      }),
    );
    const refused = reservations.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw new StopSaga('rejected', failureReason(refused.reason));

    await step('authorize-payment', () => act.authorizePayment({ ...ctx, amountCents: totalCents, cardToken: input.payment.cardToken }));
    compensations.push('authorize-payment', () => compensation.voidPayment({ ...ctx, reason: compensationReason() }));

    await step('schedule-shipment', () => act.scheduleShipment({ ...ctx, address: input.shippingAddress, items: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) }));
    compensations.push('schedule-shipment', () => compensation.cancelShipment({ ...ctx, reason: compensationReason() }));

    await step('capture-payment', () => act.capturePayment(ctx));
    compensations.replace('authorize-payment', () => compensation.refundPayment({ ...ctx, reason: compensationReason() }));

    await step('award-loyalty-points', () => act.awardLoyaltyPoints({ ...ctx, customerId: input.customerId, totalCents }));
    compensations.push('award-loyalty-points', () => compensation.revokeLoyaltyPoints({ ...ctx, customerId: input.customerId, reason: compensationReason() }));

    await step('confirm-order', () => act.confirmOrder(ctx));
    setStatus('AWAITING_DISPATCH');
    state.currentStep = null;
    describeSaga(state);

    await condition(() => state.cancellation !== null, input.policy.dispatchAfter);
    await step('dispatch-shipment', () => act.dispatchShipment({ ...ctx, skus: input.lines.map((l) => l.sku) }));
    state.currentStep = null;
    setStatus('COMPLETED');
  } catch (err) {
    if (!(err instanceof StopSaga)) throw err;
    state.outcomeReason = err.reason;
    await undo(err);
  }
  describeSaga(state);
  return state;

  function compensationReason(): string {
    return state.cancellation ? `order cancelled: ${state.cancellation.requestedReason}` : `order rejected: ${state.outcomeReason ?? 'unknown'}`;
  }

  async function undo(stop: StopSaga): Promise<void> {
    const hadSteps = compensations.size > 0;
    setStatus('COMPENSATING');
    state.currentStep = 'compensating';
    describeSaga(state);
    const outcome = await compensations.unwind((s) => state.stepsCompensated.push(s));
    state.compensationFailures.push(...outcome.failed);
    state.currentStep = null;
    // The order's own record of the outcome; retried until done like any compensation.
    if (state.stepsCompleted.includes('place-order')) {
      if (stop.outcome === 'cancelled') await compensation.cancelOrder({ ...ctx, reason: stop.reason });
      else if (state.review !== 'rejected') await compensation.rejectOrder({ ...ctx, reason: stop.reason });
    }
    if (outcome.failed.length > 0) setStatus('COMPENSATION_FAILED');
    else if (stop.outcome === 'cancelled') setStatus('CANCELLED');
    else setStatus(hadSteps ? 'COMPENSATED' : 'REJECTED');
  }
}

function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
