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

export interface OrderFulfilmentActivities {
  placeOrder(input: StepContext & { customerId: string; lines: readonly OrderLineInput[]; shippingAddress: ShippingAddressData }): Promise<{ totalCents: number }>;
  requestOrderReview(input: StepContext & { reason: string }): Promise<void>;
  approveOrderReview(input: StepContext & { reviewer: string; note?: string }): Promise<void>;
  rejectOrderReview(input: StepContext & { reviewer: string; reason: string }): Promise<void>;
  reserveStock(input: StepContext & { sku: string; quantity: number }): Promise<void>;
  releaseStock(input: StepContext & { sku: string; reason: string }): Promise<void>;
  authorizePayment(input: StepContext & { amountCents: number; cardToken: string }): Promise<{ authorizationId: string }>;
  voidPayment(input: StepContext & { reason: string }): Promise<void>;
  capturePayment(input: StepContext): Promise<{ captureId: string }>;
  refundPayment(input: StepContext & { reason: string }): Promise<void>;
  scheduleShipment(input: StepContext & { address: ShippingAddressData; items: readonly { sku: string; quantity: number }[] }): Promise<{ trackingId: string }>;
  cancelShipment(input: StepContext & { reason: string }): Promise<void>;
  dispatchShipment(input: StepContext & { skus: readonly string[] }): Promise<void>;
  awardLoyaltyPoints(input: StepContext & { customerId: string; totalCents: number }): Promise<{ points: number }>;
  revokeLoyaltyPoints(input: StepContext & { customerId: string; reason: string }): Promise<void>;
  confirmOrder(input: StepContext): Promise<void>;
  rejectOrder(input: StepContext & { reason: string }): Promise<void>;
  cancelOrder(input: StepContext & { reason: string }): Promise<void>;
}
