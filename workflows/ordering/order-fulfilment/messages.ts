import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OrderSagaState } from './saga-state';

/** Workflow id = business key, so a repeated start of the same order is idempotent. */
export const orderWorkflowId = (orderId: string): string => `order-${orderId}`;

export const ORDER_FULFILMENT_WORKFLOW = 'orderFulfilmentSaga';

export interface ReviewDecision {
  readonly decision: 'approve' | 'reject';
  readonly reviewer: string;
  readonly reason?: string;
}

export interface CancelRequest {
  readonly reason: string;
}

/** Live saga state: steps run, steps compensated, current step. */
export const sagaStateQuery = defineQuery<OrderSagaState>('sagaState');

/** Approve or reject an order waiting for manual review; refused unless it is waiting, and only once. */
export const reviewOrderUpdate = defineUpdate<OrderSagaState, [ReviewDecision]>('reviewOrder');

/** Customer cancel with an immediate answer: accepted before dispatch, refused with a reason after. */
export const cancelOrderUpdate = defineUpdate<OrderSagaState, [CancelRequest]>('cancelOrder');

/** Fire-and-forget customer cancel (choreography); ignored, with a note in the state, once dispatched. */
export const cancelOrderSignal = defineSignal<[CancelRequest]>('cancelOrder');
