import type { ShippingAddressData } from '../../shared/domain/kernel/shipping-address';
import type { OrderLineInput } from '../../shared/domain/ordering/order/order-commands';

/**
 * The contract between the order fulfilment saga and its activities. Each activity is one
 * business step on one aggregate; the workflow imports only these types.
 * Permanent refusals arrive as non-retryable ApplicationFailures whose `type` is the
 * domain or provider code (e.g. 'insufficient-stock', 'card-declined').
 */
export interface StepContext {
  readonly orderId: string;
  readonly correlationId: string;
}

/**
 * What a compensation did: `undone` is false when there was nothing to undo (the step never
 * acted, or was undone already). Every compensation is idempotent and asks the aggregate or the
 * provider what happened, so it is correct for a step that acted but never reported back.
 */
export interface CompensationResult {
  readonly undone: boolean;
}

export interface OrderFulfilmentActivities {
  placeOrder(input: StepContext & { customerId: string; lines: readonly OrderLineInput[]; shippingAddress: ShippingAddressData }): Promise<{ totalCents: number }>;
  requestOrderReview(input: StepContext & { reason: string }): Promise<void>;
  approveOrderReview(input: StepContext & { reviewer: string; note?: string }): Promise<void>;
  rejectOrderReview(input: StepContext & { reviewer: string; reason: string }): Promise<void>;
  reserveStock(input: StepContext & { sku: string; quantity: number }): Promise<void>;
  releaseStock(input: StepContext & { sku: string; reason: string }): Promise<CompensationResult>;
  authorizePayment(input: StepContext & { amountCents: number; cardToken: string }): Promise<{ authorizationId: string }>;
  /** Undoes whatever the gateway holds for the order (voids an authorization, refunds a capture). */
  voidPayment(input: StepContext & { reason: string }): Promise<CompensationResult>;
  capturePayment(input: StepContext): Promise<{ captureId: string }>;
  /** The same undo as voidPayment, registered once a capture is under way. */
  refundPayment(input: StepContext & { reason: string }): Promise<CompensationResult>;
  scheduleShipment(input: StepContext & { address: ShippingAddressData; items: readonly { sku: string; quantity: number }[] }): Promise<{ trackingId: string }>;
  cancelShipment(input: StepContext & { reason: string }): Promise<CompensationResult>;
  dispatchShipment(input: StepContext & { skus: readonly string[] }): Promise<void>;
  awardLoyaltyPoints(input: StepContext & { customerId: string; totalCents: number }): Promise<{ points: number }>;
  revokeLoyaltyPoints(input: StepContext & { customerId: string; reason: string }): Promise<CompensationResult>;
  confirmOrder(input: StepContext): Promise<void>;
  /** Records the rejection; an order that is confirmed already (its answer was lost) is cancelled instead. */
  rejectOrder(input: StepContext & { reason: string }): Promise<void>;
  cancelOrder(input: StepContext & { reason: string }): Promise<void>;
  /** Records compensations that failed for good (order-compensation-failed) and counts them in the worker's metrics. */
  recordCompensationFailure(input: StepContext & { failures: readonly { step: string; reason: string }[] }): Promise<void>;
}
