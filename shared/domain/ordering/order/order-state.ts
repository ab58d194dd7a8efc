import type { OrderEvent, OrderPlacedPayload } from './order-events';

export type ReviewStatus = 'not-requested' | 'requested' | 'approved' | 'rejected';
export type PlacedOrderStatus = 'pending' | 'confirmed' | 'cancelled' | 'rejected';

/**
 * `pending` covers "placed, not yet decided"; an order awaiting review is `pending` with
 * `review: 'requested'` and cannot be confirmed until the review is approved.
 */
export type OrderState =
  | { readonly status: 'not-placed' }
  | {
      readonly status: PlacedOrderStatus;
      readonly review: ReviewStatus;
      readonly order: OrderPlacedPayload;
    };

export type OrderStatus = OrderState['status'];

/** The status an event moves a placed order to; the others leave it as it is. */
export const STATUS_SET_BY: Partial<Record<OrderEvent['type'], PlacedOrderStatus>> = {
  'order-confirmed': 'confirmed',
  'order-cancelled': 'cancelled',
  'order-rejected': 'rejected',
};

export const initialOrderState: OrderState = { status: 'not-placed' };

export const isAwaitingReview = (state: OrderState): boolean =>
  state.status === 'pending' && state.review === 'requested';
