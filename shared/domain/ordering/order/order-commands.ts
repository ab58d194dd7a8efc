import type { ShippingAddressData } from '../../kernel/shipping-address';

/**
 * Commands are plain JSON data (they cross Temporal activity boundaries); `decide` parses
 * them into value objects and refuses invalid ones with a ValidationError ('invalid-value').
 * Commands after `place-order` need no order id: the stream names the order.
 */
export interface OrderLineInput {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface PlaceOrder {
  readonly type: 'place-order';
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLineInput[];
  readonly shippingAddress: ShippingAddressData;
}

/** The workflow decides that a review is needed (e.g. total above a threshold); the order records it. */
export interface RequestOrderReview {
  readonly type: 'request-order-review';
  readonly reason: string;
}

export interface ApproveOrderReview {
  readonly type: 'approve-order-review';
  readonly reviewer: string;
  readonly note?: string;
}

export interface RejectOrderReview {
  readonly type: 'reject-order-review';
  readonly reviewer: string;
  readonly reason: string;
}

export interface ConfirmOrder {
  readonly type: 'confirm-order';
}

/** The customer (or an operator) withdraws the order. */
export interface CancelOrder {
  readonly type: 'cancel-order';
  readonly reason: string;
}

/** The business refuses the order during fulfilment (out of stock, payment declined...). */
export interface RejectOrder {
  readonly type: 'reject-order';
  readonly reason: string;
}

/** The saga records compensations that failed for good (see order-compensation-failed). */
export interface RecordCompensationFailure {
  readonly type: 'record-compensation-failure';
  readonly failures: readonly { readonly step: string; readonly reason: string }[];
}

export type OrderCommand =
  | PlaceOrder
  | RequestOrderReview
  | ApproveOrderReview
  | RejectOrderReview
  | ConfirmOrder
  | CancelOrder
  | RejectOrder
  | RecordCompensationFailure;
