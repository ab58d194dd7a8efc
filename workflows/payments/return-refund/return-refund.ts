import { ActivityFailure, ApplicationFailure, condition, proxyActivities, setCurrentDetails, setHandler } from '@temporalio/workflow';
import type { ParcelArrival, RefundRequest, ReturnRefundActivities } from '../../../activities/payments/return-refund-activities';
import {
  parcelReceivedSignal,
  REFUND_RETRIES_EXHAUSTED,
  refundRequestedSignal,
  returnRefundStateQuery,
  type ReturnRefundInput,
  type ReturnRefundState,
} from './return-refund-contract';

// Recording outcomes (failure, store credit) retries until the store answers: no attempt limit.
const record = proxyActivities<ReturnRefundActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Payments' reaction to a return: once it has heard both that a return was asked for (how much) and
 * that its parcel arrived, it refunds the amount to the card; transient gateway failures are retried
 * within the policy's budget. A refund that fails for good (the gateway refuses it, or the budget
 * runs out) is recorded, and payments compensates on its own with store credit for the amount.
 */
export async function returnRefund(input: ReturnRefundInput): Promise<ReturnRefundState> {
  let request: RefundRequest | null = null;
  let arrival: ParcelArrival | null = null;
  const state: ReturnRefundState = {
    returnId: input.returnId,
    orderId: null,
    status: 'AWAITING_RETURN',
    waitingFor: ['return-requested', 'parcel-received'],
    amountCents: null,
    refundId: null,
    failure: null,
    creditId: null,
  };
  const waitingFor = () => {
    state.waitingFor = [...(request ? [] : ['return-requested' as const]), ...(arrival ? [] : ['parcel-received' as const])];
    describe(state);
  };
  setHandler(refundRequestedSignal, (r) => {
    request ??= r;
    state.orderId = request.orderId;
    state.amountCents = request.amountCents;
    waitingFor();
  }, { description: 'The refund to make (from ordering.return-requested)' });
  setHandler(parcelReceivedSignal, (a) => { arrival ??= a; waitingFor(); }, { description: 'The goods are back (from shipping.return-parcel-received)' });
  setHandler(returnRefundStateQuery, () => state, { description: 'What payments has heard and done about this return' });

  await condition(() => request !== null && arrival !== null);
  const refund = request as unknown as RefundRequest;
  const ctx = { returnId: input.returnId, correlationId: input.correlationId };

  state.status = 'REFUNDING';
  describe(state);
  const refundStep = proxyActivities<ReturnRefundActivities>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: input.policy.retryBudget,
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  try {
    const { refundId } = await refundStep.refundReturn({ ...ctx, ...refund });
    state.refundId = refundId;
    state.status = 'REFUNDED';
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    state.failure = failureOf(err);
    await record.recordRefundFailure({ ...ctx, ...refund, ...state.failure });
    state.status = 'REFUND_FAILED';
    describe(state);
    state.creditId = (await record.issueStoreCredit(ctx)).creditId;
    state.status = 'STORE_CREDIT_ISSUED';
  }
  describe(state);
  return state;
}

/** A refusal's code (e.g. expired-card), or the budget running out while failures were transient. */
function failureOf(err: ActivityFailure): { code: string; reason: string } {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.nonRetryable && cause.type) return { code: cause.type, reason: cause.message || cause.type };
  return { code: REFUND_RETRIES_EXHAUSTED, reason: `the refund kept failing: ${cause?.message ?? err.message}` };
}

function describe(state: ReturnRefundState): void {
  const amount = state.amountCents === null ? '?' : `$${(state.amountCents / 100).toFixed(2)}`;
  const lines = [`**Return ${state.returnId}** of order ${state.orderId ?? '?'}: refund ${amount}, **${state.status}**`];
  if (state.waitingFor.length > 0) lines.push(`Waiting for: ${state.waitingFor.join(', ')}`);
  if (state.failure) lines.push(`Refund failed: ${state.failure.code} (${state.failure.reason}); compensation: store credit ${state.creditId ?? 'pending'}`);
  setCurrentDetails(lines.join('\n\n'));
}
