/** Values of the SagaStatus search attribute, as a run moves. */
export type SagaStatus =
  | 'RUNNING'
  | 'AWAITING_REVIEW'
  | 'COMPENSATING'
  | 'AWAITING_DISPATCH'
  | 'COMPLETED'
  | 'COMPENSATED'
  | 'REJECTED'
  | 'CANCELLED'
  | 'COMPENSATION_FAILED';

export type OrderStep =
  | 'place-order'
  | 'await-review'
  | `reserve-stock:${string}`
  | 'authorize-payment'
  | 'schedule-shipment'
  | 'capture-payment'
  | 'award-loyalty-points'
  | 'confirm-order'
  | 'dispatch-shipment';

export interface OrderSagaState {
  readonly orderId: string;
  readonly customerId: string;
  readonly totalCents: number;
  status: SagaStatus;
  currentStep: OrderStep | 'compensating' | null;
  readonly stepsCompleted: string[];
  readonly stepsCompensated: string[];
  readonly compensationFailures: { step: string; reason: string }[];
  review: 'not-needed' | 'pending' | 'approved' | 'rejected' | 'timed-out';
  cancellation: { requestedReason: string } | null;
  outcomeReason: string | null;
  readonly notes: string[];
}

export const TERMINAL_STATUSES: readonly SagaStatus[] = ['COMPLETED', 'COMPENSATED', 'REJECTED', 'CANCELLED', 'COMPENSATION_FAILED'];

export function isCancellable(state: OrderSagaState): { ok: true } | { ok: false; code: string; reason: string } {
  if (state.currentStep === 'dispatch-shipment' || state.status === 'COMPLETED') {
    return { ok: false, code: 'order-already-dispatched', reason: `order ${state.orderId} has been dispatched and can no longer be cancelled` };
  }
  if (TERMINAL_STATUSES.includes(state.status) || state.status === 'COMPENSATING') {
    return { ok: false, code: 'order-not-cancellable', reason: `order ${state.orderId} is ${state.status.toLowerCase()}` };
  }
  if (state.cancellation) {
    return { ok: false, code: 'cancellation-already-requested', reason: `cancellation of order ${state.orderId} is already under way` };
  }
  return { ok: true };
}
