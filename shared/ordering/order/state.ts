import type { OrderPlacedPayload } from './events';

export type ReviewStatus = 'not-requested' | 'requested' | 'approved' | 'rejected';

/**
 * `pending` covers "placed, not yet decided"; an order awaiting review is `pending` with
 * `review: 'requested'` and cannot be confirmed until the review is approved.
 */
export type OrderState =
  | { readonly status: 'not-placed' }
  | {
      readonly status: 'pending' | 'confirmed' | 'cancelled' | 'rejected';
      readonly review: ReviewStatus;
      readonly order: OrderPlacedPayload;
    };

export type OrderStatus = OrderState['status'];

export const initialOrderState: OrderState = { status: 'not-placed' };

export const isAwaitingReview = (state: OrderState): boolean =>
  state.status === 'pending' && state.review === 'requested';
