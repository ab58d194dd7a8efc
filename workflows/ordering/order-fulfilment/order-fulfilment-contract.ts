/**
 * The order fulfilment saga's public contract: everything a client (the API, the lead process
 * manager, tests) needs to start, signal, update and query it. The workflow and its callers both
 * import this module, so names, input, state and statuses exist once.
 */
import { defineSearchAttributeKey, SearchAttributeType, type Duration } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { ShippingAddressData } from '../../../shared/domain/kernel/shipping-address';
import type { OrderLineInput } from '../../../shared/domain/ordering/order/order-commands';

export const ORDER_FULFILMENT_WORKFLOW = 'orderFulfilmentSaga';

/** Workflow id = business key, so a repeated start of the same order is idempotent. */
export const orderWorkflowId = (orderId: string): string => `order-${orderId}`;

export interface OrderFulfilmentInput {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLineInput[];
  readonly shippingAddress: ShippingAddressData;
  /** A token of the card vault; the card number itself never enters workflow history. */
  readonly payment: { readonly cardToken: string; readonly cardLast4: string };
  readonly correlationId: string;
  readonly policy: OrderFulfilmentPolicy;
}

export interface OrderFulfilmentPolicy {
  /** Orders whose total is above this wait for a manual review. */
  readonly reviewThresholdCents: number;
  /** With no decision by then, the order is rejected. */
  readonly reviewTimeout: Duration;
  /** How long after confirmation the carrier picks the parcel up; a cancel is accepted until then. */
  readonly dispatchAfter: Duration;
  /**
   * How long a forward step may keep retrying a provider's transient failures before it counts as
   * failed: the saga turns it into a number of attempts on its backoff schedule, so time spent in a
   * task-queue backlog or waiting for the platform's own database does not use it up.
   */
  readonly stepRetryBudget: Duration;
  /**
   * How long a running step may stay silent (no heartbeat) before its worker counts as lost and
   * the step is tried elsewhere; default 30 seconds. Not a business budget: such a step runs again.
   */
  readonly workerLostAfter?: Duration;
}

/** Values of the SagaStatus search attribute, as a run moves. */
export const SAGA_STATUSES = [
  'RUNNING',
  'AWAITING_REVIEW',
  'COMPENSATING',
  'AWAITING_DISPATCH',
  'COMPLETED',
  'COMPENSATED',
  'REJECTED',
  'CANCELLED',
  'COMPENSATION_FAILED',
] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];

export const TERMINAL_STATUSES: readonly SagaStatus[] = ['COMPLETED', 'COMPENSATED', 'REJECTED', 'CANCELLED', 'COMPENSATION_FAILED'];

/** Statuses at which a caller waiting for the saga gets its answer: finished, confirmed and awaiting pickup, or needing a human. */
export const SETTLED_STATUSES: readonly SagaStatus[] = [...TERMINAL_STATUSES, 'AWAITING_DISPATCH', 'AWAITING_REVIEW'];

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

/**
 * Where a cancellation came from. All are the same business cancel: the REST update, the
 * fire-and-forget signal (the lead process manager cancels its order this way), a Temporal
 * cancellation (Web UI, `temporal workflow cancel`, `handle.cancel()`), or a refused dispatch.
 */
export const CANCEL_SOURCES = ['update', 'signal', 'temporal', 'dispatch'] as const;
export type CancelSource = (typeof CANCEL_SOURCES)[number];

/** Live saga state, as the `sagaState` query and the workflow result answer it. */
export const OrderSagaStateSchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  totalCents: z.number().int(),
  status: z.enum(SAGA_STATUSES),
  currentStep: z.string().nullable(),
  stepsCompleted: z.array(z.string()),
  stepsCompensated: z.array(z.string()),
  /** Compensations that failed for good and wait for an operator's retry (COMPENSATION_FAILED). */
  compensationFailures: z.array(z.object({ step: z.string(), reason: z.string() })),
  /** Operator retries of failed compensations so far. */
  compensationRetries: z.number().int().optional(),
  review: z.enum(['not-needed', 'pending', 'approved', 'rejected', 'timed-out']),
  cancellation: z.object({ requestedReason: z.string(), source: z.enum(CANCEL_SOURCES).optional() }).nullable(),
  outcomeReason: z.string().nullable(),
  notes: z.array(z.string()),
});
export type OrderSagaState = z.infer<typeof OrderSagaStateSchema>;

/** The workflow's signature, for typed client handles. */
export type OrderFulfilmentWorkflow = (input: OrderFulfilmentInput) => Promise<OrderSagaState>;

export interface ReviewDecision {
  readonly decision: 'approve' | 'reject';
  readonly reviewer: string;
  readonly reason?: string;
}

export interface CancelRequest {
  readonly reason: string;
}

/** An operator's retry of failed compensations, once the cause is fixed. */
export interface RetryCompensationsRequest {
  readonly operator: string;
  readonly note?: string;
}

/** Live saga state: steps run, steps compensated, current step. */
export const sagaStateQuery = defineQuery<OrderSagaState>('sagaState');

/** Approve or reject an order waiting for manual review; refused unless it is waiting, and only once. */
export const reviewOrderUpdate = defineUpdate<OrderSagaState, [ReviewDecision]>('reviewOrder');

/** Customer cancel with an immediate answer: accepted before dispatch, refused with a reason after. */
export const cancelOrderUpdate = defineUpdate<OrderSagaState, [CancelRequest]>('cancelOrder');

/** Fire-and-forget customer cancel (choreography); ignored, with a note in the state, once dispatched. */
export const cancelOrderSignal = defineSignal<[CancelRequest]>('cancelOrder');

/**
 * Re-runs the compensations that failed for good (COMPENSATION_FAILED) after an operator fixed the
 * cause; answers when the round is over, with the state: COMPENSATED (or CANCELLED) once nothing is left.
 */
export const retryCompensationsUpdate = defineUpdate<OrderSagaState, [RetryCompensationsRequest]>('retryCompensations');

/** Search attributes of every run; keep in step with scripts/search-attributes.txt (a unit test checks). */
export const OrderIdAttribute = defineSearchAttributeKey('OrderId', SearchAttributeType.KEYWORD);
export const CustomerIdAttribute = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const SagaStatusAttribute = defineSearchAttributeKey('SagaStatus', SearchAttributeType.KEYWORD);
export const OrderTotalAttribute = defineSearchAttributeKey('OrderTotal', SearchAttributeType.DOUBLE);
export const ORDER_SEARCH_ATTRIBUTES = [OrderIdAttribute, CustomerIdAttribute, SagaStatusAttribute, OrderTotalAttribute] as const;

export function orderTotalCents(lines: readonly OrderLineInput[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
}

/** Whether a cancel is accepted now, or the refusal code and reason (the update's validator and the API's 409 share it). */
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

/** Whether failed compensations can be retried now (the update's validator and the API's 409 share it). */
export function canRetryCompensations(state: OrderSagaState): { ok: true } | { ok: false; code: string; reason: string } {
  if (state.status === 'COMPENSATION_FAILED') return { ok: true };
  if (state.status === 'COMPENSATING' && state.compensationFailures.length > 0) {
    return { ok: false, code: 'compensation-retry-running', reason: `compensations of order ${state.orderId} are being retried` };
  }
  return { ok: false, code: 'no-failed-compensations', reason: `order ${state.orderId} has no failed compensations (saga ${state.status.toLowerCase()})` };
}

/** The visibility query that lists order sagas, optionally by status and customer (values are validated by the caller). */
export function sagaListQuery(filter: { readonly sagaStatus?: SagaStatus; readonly customerId?: string }): string {
  const clauses = [`WorkflowType = '${ORDER_FULFILMENT_WORKFLOW}'`];
  if (filter.sagaStatus) clauses.push(`${SagaStatusAttribute.name} = '${quoteFree(filter.sagaStatus)}'`);
  if (filter.customerId) clauses.push(`${CustomerIdAttribute.name} = '${quoteFree(filter.customerId)}'`);
  return clauses.join(' AND ');
}

function quoteFree(value: string): string {
  if (/['"\\]/.test(value)) throw new Error(`a visibility query value may not contain quotes or backslashes: ${value}`);
  return value;
}

/**
 * The operator's repair of a terminated saga (termination runs no code, so nothing was undone):
 * a small workflow re-runs the compensations of the steps the saga had started, newest first,
 * then records order-cancelled. Planned from the saga's event history by
 * scripts/compensate-terminated-saga.ts.
 */
export const COMPENSATE_TERMINATED_ORDER_WORKFLOW = 'compensateTerminatedOrder';

export const terminatedOrderCompensationId = (orderId: string): string => `order-${orderId}-compensation`;

export interface TerminatedOrderCompensationInput {
  readonly orderId: string;
  readonly customerId: string;
  readonly correlationId: string;
  /** Steps the terminated saga had started (their outcome may be unknown), in the order it ran them. */
  readonly steps: readonly OrderStep[];
  /** Whether the order was placed: then its outcome is recorded as order-cancelled. */
  readonly orderPlaced: boolean;
  readonly reason: string;
  readonly policy: OrderFulfilmentPolicy;
}

export interface TerminatedOrderCompensationResult {
  readonly compensated: readonly string[];
  readonly failures: readonly { step: string; reason: string }[];
  readonly outcomeRecorded: boolean;
}

export type CompensateTerminatedOrderWorkflow = (input: TerminatedOrderCompensationInput) => Promise<TerminatedOrderCompensationResult>;
