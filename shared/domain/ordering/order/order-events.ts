import type { DomainEvent } from '../../../platform/event-store/decider';
import type { Currency } from '../../kernel/money';
import type { ShippingAddressData } from '../../kernel/shipping-address';

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  /** quantity x unitPriceCents */
  readonly lineTotalCents: number;
}

export interface OrderPlacedPayload {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly shippingAddress: ShippingAddressData;
  /** Sum of the line totals. */
  readonly totalCents: number;
  readonly currency: Currency;
}

export interface OrderReviewRequestedPayload {
  readonly orderId: string;
  readonly totalCents: number;
  readonly reason: string;
}

export interface OrderReviewApprovedPayload {
  readonly orderId: string;
  readonly reviewer: string;
  readonly note?: string;
}

export interface OrderConfirmedPayload {
  readonly orderId: string;
  readonly customerId: string;
  readonly totalCents: number;
  readonly currency: Currency;
}

export interface OrderCancelledPayload {
  readonly orderId: string;
  readonly reason: string;
}

/**
 * Compensations of the order's saga that failed for good (an operator must fix the cause and
 * retry them); recorded again after each retry that still fails. The order's status is unchanged.
 */
export interface OrderCompensationFailedPayload {
  readonly orderId: string;
  /** Saga steps whose undo failed, newest first, with the reason. */
  readonly failures: readonly { readonly step: string; readonly reason: string }[];
}

/** `source` says who refused: a reviewer ('review') or the fulfilment saga ('fulfilment'). */
export type OrderRejectedPayload =
  | { readonly orderId: string; readonly reason: string; readonly source: 'review'; readonly reviewer: string }
  | { readonly orderId: string; readonly reason: string; readonly source: 'fulfilment' };

export type OrderPlaced = DomainEvent<'order-placed', OrderPlacedPayload>;
export type OrderReviewRequested = DomainEvent<'order-review-requested', OrderReviewRequestedPayload>;
export type OrderReviewApproved = DomainEvent<'order-review-approved', OrderReviewApprovedPayload>;
export type OrderConfirmed = DomainEvent<'order-confirmed', OrderConfirmedPayload>;
export type OrderCancelled = DomainEvent<'order-cancelled', OrderCancelledPayload>;
export type OrderRejected = DomainEvent<'order-rejected', OrderRejectedPayload>;
export type OrderCompensationFailed = DomainEvent<'order-compensation-failed', OrderCompensationFailedPayload>;

export type OrderEvent =
  | OrderPlaced
  | OrderReviewRequested
  | OrderReviewApproved
  | OrderConfirmed
  | OrderCancelled
  | OrderRejected
  | OrderCompensationFailed;

export const ORDER_EVENT_TYPES = [
  'order-placed',
  'order-review-requested',
  'order-review-approved',
  'order-confirmed',
  'order-cancelled',
  'order-rejected',
  'order-compensation-failed',
] as const satisfies readonly OrderEvent['type'][];
