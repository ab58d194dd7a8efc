import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, proxyActivities, setCurrentDetails, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ParcelRequest, ReturnParcelActivities } from '../../../activities/shipping/return-parcel-activities';
import {
  receiveParcelUpdate,
  returnParcelStateQuery,
  returnRequestedSignal,
  type OperatorReceipt,
  type ReturnParcelInput,
  type ReturnParcelState,
} from './return-parcel-contract';

// The carrier and the store are retried until they answer: a return label has no business deadline.
const act = proxyActivities<ReturnParcelActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Pauses between two looks at the carrier's tracking once the parcel is overdue. */
const FIRST_RECHECK_MS = 1_000;
const LONGEST_RECHECK_MS = 60 * 60_000;

/**
 * Shipping's reaction to a return: a label from the carrier, then the parcel's arrival, whichever
 * comes first of the carrier's arrival scan (asked when the carrier expects the parcel, then at
 * growing intervals) and an operator booking it in. Started by the participant's signal-with-start;
 * the timer and the tracking survive worker restarts. Long waits continue as new.
 */
export async function returnParcel(input: ReturnParcelInput): Promise<ReturnParcelState> {
  const state: ReturnParcelState = {
    returnId: input.returnId,
    orderId: input.resume?.request.orderId ?? null,
    status: input.resume ? 'AWAITING_PARCEL' : 'AWAITING_REQUEST',
    carrier: input.resume?.carrier ?? null,
    trackingId: input.resume?.trackingId ?? null,
    expectedBy: input.resume?.expectedBy ?? null,
    trackingChecks: input.resume?.checks ?? 0,
    receivedAt: null,
    condition: null,
    scannedBy: null,
  };
  let request: ParcelRequest | null = input.resume?.request ?? null;
  let operator: OperatorReceipt | null = null;

  setHandler(returnRequestedSignal, (r) => { request ??= r; }, { description: 'The return to expect (from ordering.return-requested)' });
  setHandler(returnParcelStateQuery, () => state, { description: 'Label, tracking, arrival' });
  setHandler(receiveParcelUpdate, async (receipt) => {
    operator = receipt;
    await condition(() => state.status === 'RECEIVED');
    return state;
  }, {
    validator: (_receipt: OperatorReceipt) => {
      if (state.status === 'RECEIVED' || operator !== null) {
        throw ApplicationFailure.create({ type: 'return-parcel-already-received', message: `the parcel of return ${input.returnId} was received already`, nonRetryable: true });
      }
    },
    description: 'An operator books the parcel in at the warehouse',
  });

  const ctx = { returnId: input.returnId, correlationId: input.correlationId };
  await condition(() => request !== null);
  const asked = request as unknown as ParcelRequest;
  state.orderId = asked.orderId;

  if (!input.resume) {
    state.status = 'ISSUING_LABEL';
    describe(state);
    const label = await act.issueReturnLabel({ ...ctx, ...asked });
    Object.assign(state, { carrier: label.carrier, trackingId: label.trackingId, expectedBy: label.expectedBy, status: 'AWAITING_PARCEL' });
  }
  describe(state);

  let arrival: { receivedAt: string; scannedBy: 'carrier' | 'operator' } | null = null;
  let pauseMs = Math.max(0, Date.parse(state.expectedBy as string) - Date.now());
  while (arrival === null) {
    if (operator === null && pauseMs > 0) await condition(() => operator !== null, pauseMs);
    if (operator !== null) {
      arrival = { receivedAt: new Date(Date.now()).toISOString(), scannedBy: 'operator' };
      break;
    }
    const tracked = await act.trackReturnParcel({ ...ctx, trackingId: state.trackingId as string });
    state.trackingChecks += 1;
    if (tracked.delivered) arrival = { receivedAt: tracked.deliveredAt ?? new Date(Date.now()).toISOString(), scannedBy: 'carrier' };
    else {
      pauseMs = Math.min(LONGEST_RECHECK_MS, Math.max(FIRST_RECHECK_MS, pauseMs * 2));
      if (workflowInfo().continueAsNewSuggested && operator === null) {
        await continueAsNew<typeof returnParcel>({
          ...input,
          resume: { request: asked, trackingId: state.trackingId as string, carrier: state.carrier as string, expectedBy: state.expectedBy as string, checks: state.trackingChecks },
        });
      }
    }
  }

  const receipt = operator as OperatorReceipt | null;
  const recorded = await act.recordReturnParcel({ ...ctx, receivedAt: arrival.receivedAt, scannedBy: arrival.scannedBy, ...(receipt?.condition ? { condition: receipt.condition } : {}) });
  Object.assign(state, { status: 'RECEIVED', receivedAt: arrival.receivedAt, scannedBy: arrival.scannedBy, condition: recorded.condition });
  describe(state);
  await condition(allHandlersFinished);
  return state;
}

function describe(state: ReturnParcelState): void {
  const lines = [`**Return ${state.returnId}** of order ${state.orderId ?? '?'}: **${state.status}**`];
  if (state.trackingId) lines.push(`Label ${state.carrier ?? ''} ${state.trackingId}, expected by ${state.expectedBy ?? '?'}`);
  if (state.receivedAt) lines.push(`Received ${state.condition ?? ''} at ${state.receivedAt} (${state.scannedBy ?? ''})`);
  setCurrentDetails(lines.join('\n\n'));
}
