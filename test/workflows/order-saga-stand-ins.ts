import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { OrderFulfilmentInput, OrderFulfilmentPolicy, OrderSagaState } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { ORDER_FULFILMENT_WORKFLOW, orderWorkflowId, sagaStateQuery } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import type { OrderFulfilmentWorkflow } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import type { OrderFulfilmentActivities } from '../../activities/ordering/order-fulfilment-activities';
import { atState, ok, type Behaviour, type Running, type WhenStep } from '../support/workflow-given-when-then';
import type { WorkflowHandle } from '@temporalio/client';

type SagaHandle = WorkflowHandle<OrderFulfilmentWorkflow>;

/** A compensation's stand-in: it undid something if the step it undoes acted (for the same SKU, for stock). */
const undoOf = (forward: keyof OrderFulfilmentActivities, sameSku = false): Behaviour => (call) => ({
  undone: call.history.some((c) => c.activity === forward && c.acted && (!sameSku || skuOf(c.input) === skuOf(call.input))),
});

const skuOf = (input: unknown): unknown => (input as { sku?: unknown }).sku;

/** Every activity of the order saga, behaving as on a good day. */
export const ORDER_SAGA_STAND_INS: Record<keyof OrderFulfilmentActivities, Behaviour> = {
  placeOrder: (call) => ({ totalCents: (call.input as { lines: { quantity: number; unitPriceCents: number }[] }).lines.reduce((t, l) => t + l.quantity * l.unitPriceCents, 0) }),
  requestOrderReview: ok(),
  approveOrderReview: ok(),
  rejectOrderReview: ok(),
  reserveStock: ok(),
  releaseStock: undoOf('reserveStock', true),
  authorizePayment: ok({ authorizationId: 'auth_standin' }),
  voidPayment: undoOf('authorizePayment'),
  capturePayment: ok({ captureId: 'cap_standin' }),
  refundPayment: undoOf('authorizePayment'),
  scheduleShipment: ok({ trackingId: 'TRKSTANDIN' }),
  cancelShipment: undoOf('scheduleShipment'),
  dispatchShipment: ok(),
  awardLoyaltyPoints: ok({ points: 10 }),
  revokeLoyaltyPoints: undoOf('awardLoyaltyPoints'),
  confirmOrder: ok(),
  rejectOrder: ok(),
  cancelOrder: ok(),
  recordCompensationFailure: ok(),
};

export const FORWARD_PATH = ['placeOrder', 'reserveStock', 'authorizePayment', 'scheduleShipment', 'capturePayment', 'awardLoyaltyPoints', 'confirmOrder'];

export function orderInput(overrides: { lines?: OrderFulfilmentInput['lines']; policy?: Partial<OrderFulfilmentPolicy>; unitPriceCents?: number } = {}): OrderFulfilmentInput {
  return {
    orderId: `ord_${randomUUID().slice(0, 12)}`,
    customerId: 'cus_wf',
    lines: overrides.lines ?? [{ sku: 'WIDGET', quantity: 1, unitPriceCents: overrides.unitPriceCents ?? 2_500 }],
    shippingAddress: { name: 'Ada', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' },
    payment: { cardToken: 'tok_standin', cardLast4: '4242' },
    correlationId: randomUUID(),
    policy: { reviewThresholdCents: 100_000, reviewTimeout: '24 hours', dispatchAfter: '2 days', stepRetryBudget: '10 minutes', ...overrides.policy },
  };
}

/** The `when` start of a saga run. */
export function startSaga(input: OrderFulfilmentInput): { workflowId: string; run: (client: Client, taskQueue: string) => Promise<SagaHandle> } {
  const workflowId = orderWorkflowId(input.orderId);
  return {
    workflowId,
    run: (client, taskQueue) => client.workflow.start<OrderFulfilmentWorkflow>(ORDER_FULFILMENT_WORKFLOW, { taskQueue, workflowId, args: [input] }),
  };
}

/** A `when` step at the moment the saga's state satisfies `ready`. */
export function atSaga(ready: (state: OrderSagaState) => boolean, action: (run: Running<SagaHandle>, state: OrderSagaState) => Promise<unknown>): WhenStep<SagaHandle> {
  return atState((handle: SagaHandle) => handle.query(sagaStateQuery), ready, action);
}

export const atStatus = (status: OrderSagaState['status'], action: (run: Running<SagaHandle>, state: OrderSagaState) => Promise<unknown>) => atSaga((s) => s.status === status, action);
