import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { Money } from '../../kernel/money';
import { ShippingAddress } from '../../kernel/shipping-address';
import { parseActor, parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import { PlaceOrderSchema } from '../order-schemas';
import type {
  ApproveOrderReview,
  CancelOrder,
  OrderCommand,
  PlaceOrder,
  RecordCompensationFailure,
  RejectOrder,
  RejectOrderReview,
  RequestOrderReview,
} from './order-commands';
import type { OrderEvent, OrderLine, OrderPlacedPayload } from './order-events';
import { initialOrderState, type OrderState } from './order-state';

type PlacedState = Exclude<OrderState, { status: 'not-placed' }>;

/**
 * The Order aggregate.
 *
 * Idempotent repeats (return no events, so a retried activity succeeds):
 * - place-order with exactly the same data as the placed order;
 * - request-order-review while the review is already requested;
 * - approve-order-review once approved (also after the order was confirmed);
 * - reject-order-review once rejected by review; reject-order once rejected;
 * - confirm-order once confirmed; cancel-order once cancelled.
 * A repeat with a different outcome (confirm a cancelled one, reject a confirmed one) is refused.
 * record-compensation-failure records each report (any placed order; the status stays).
 */
export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: initialOrderState,
  decide(command, state) {
    if (command.type === 'place-order') return placeOrder(command, state);
    if (state.status === 'not-placed') {
      throw new DomainRejection('order-not-placed', `Cannot ${command.type}: the order has not been placed`);
    }
    switch (command.type) {
      case 'request-order-review':
        return requestReview(command, state);
      case 'approve-order-review':
        return approveReview(command, state);
      case 'reject-order-review':
        return rejectReview(command, state);
      case 'confirm-order':
        return confirm(state);
      case 'cancel-order':
        return cancel(command, state);
      case 'reject-order':
        return reject(command, state);
      case 'record-compensation-failure':
        return recordCompensationFailure(command, state);
    }
  },
  evolve(state, event) {
    if (event.type === 'order-placed') {
      return { status: 'pending', review: 'not-requested', order: event.payload };
    }
    if (state.status === 'not-placed') return state;
    switch (event.type) {
      case 'order-review-requested':
        return { ...state, review: 'requested' };
      case 'order-review-approved':
        return { ...state, review: 'approved' };
      case 'order-confirmed':
        return { ...state, status: 'confirmed' };
      case 'order-cancelled':
        return { ...state, status: 'cancelled' };
      case 'order-rejected':
        return {
          ...state,
          status: 'rejected',
          review: event.payload.source === 'review' ? 'rejected' : state.review,
        };
      case 'order-compensation-failed':
        return state;
    }
  },
};

function placeOrder(command: PlaceOrder, state: OrderState): OrderEvent[] {
  const placed = orderPlacedFrom(command);
  if (state.status === 'not-placed') return [{ type: 'order-placed', payload: placed }];
  if (JSON.stringify(state.order) === JSON.stringify(placed)) return [];
  throw new DomainRejection('order-already-placed', `Order ${state.order.orderId} has already been placed`, {
    orderId: state.order.orderId,
  });
}

function orderPlacedFrom(command: PlaceOrder): OrderPlacedPayload {
  const data = parseValue(PlaceOrderSchema, command, 'order');
  const lines: OrderLine[] = data.lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    unitPriceCents: l.unitPriceCents,
    lineTotalCents: Money.ofCents(l.unitPriceCents).multiply(l.quantity).amountCents,
  }));
  const total = Money.sum(lines.map((l) => Money.ofCents(l.lineTotalCents)));
  return {
    orderId: data.orderId,
    customerId: data.customerId,
    lines,
    shippingAddress: ShippingAddress.of(data.shippingAddress).toJSON(),
    totalCents: total.amountCents,
    currency: total.currency,
  };
}

function requestReview(command: RequestOrderReview, state: PlacedState): OrderEvent[] {
  const reason = parseReason(command.reason);
  requirePending(state);
  if (state.review === 'requested') return [];
  if (state.review !== 'not-requested') throw reviewAlreadyDecided(state);
  const { orderId, totalCents } = state.order;
  return [{ type: 'order-review-requested', payload: { orderId, totalCents, reason } }];
}

function approveReview(command: ApproveOrderReview, state: PlacedState): OrderEvent[] {
  const reviewer = parseActor(command.reviewer, 'reviewer');
  const note = command.note === undefined ? undefined : parseReason(command.note, 'note');
  if (state.review === 'approved') return [];
  requirePending(state);
  requireReviewRequested(state);
  const { orderId } = state.order;
  return [
    {
      type: 'order-review-approved',
      payload: note === undefined ? { orderId, reviewer } : { orderId, reviewer, note },
    },
  ];
}

function rejectReview(command: RejectOrderReview, state: PlacedState): OrderEvent[] {
  const reviewer = parseActor(command.reviewer, 'reviewer');
  const reason = parseReason(command.reason);
  if (state.review === 'rejected') return [];
  requirePending(state);
  requireReviewRequested(state);
  const { orderId } = state.order;
  return [{ type: 'order-rejected', payload: { orderId, reason, source: 'review', reviewer } }];
}

function confirm(state: PlacedState): OrderEvent[] {
  if (state.status === 'confirmed') return [];
  requirePending(state);
  if (state.review === 'requested') {
    throw new DomainRejection('order-awaiting-review', `Order ${state.order.orderId} is awaiting review`, {
      orderId: state.order.orderId,
    });
  }
  const { orderId, customerId, totalCents, currency } = state.order;
  return [{ type: 'order-confirmed', payload: { orderId, customerId, totalCents, currency } }];
}

function cancel(command: CancelOrder, state: PlacedState): OrderEvent[] {
  const reason = parseReason(command.reason);
  if (state.status === 'cancelled') return [];
  // A confirmed order can still be cancelled until it ships; whether it has shipped is the
  // fulfilment saga's knowledge (shipment stream), which refuses the cancel after dispatch.
  if (state.status !== 'confirmed') requirePending(state);
  return [{ type: 'order-cancelled', payload: { orderId: state.order.orderId, reason } }];
}

function reject(command: RejectOrder, state: PlacedState): OrderEvent[] {
  const reason = parseReason(command.reason);
  if (state.status === 'rejected') return [];
  requirePending(state);
  return [{ type: 'order-rejected', payload: { orderId: state.order.orderId, reason, source: 'fulfilment' } }];
}

const MAX_COMPENSATION_FAILURES = 100;
const StepNameSchema = z.string().regex(/^[a-z][a-z0-9-]*(:[A-Za-z0-9_-]+|:\*)?$/, 'must be a saga step name');

function recordCompensationFailure(command: RecordCompensationFailure, state: PlacedState): OrderEvent[] {
  if (command.failures.length === 0 || command.failures.length > MAX_COMPENSATION_FAILURES) {
    throw new DomainRejection('invalid-compensation-failures', `between 1 and ${MAX_COMPENSATION_FAILURES} failed compensations can be recorded`);
  }
  const failures = command.failures.map((f) => ({ step: parseValue(StepNameSchema, f.step, 'step'), reason: parseReason(f.reason) }));
  return [{ type: 'order-compensation-failed', payload: { orderId: state.order.orderId, failures } }];
}

function requirePending(state: PlacedState): void {
  const { orderId } = state.order;
  if (state.status === 'confirmed') {
    throw new DomainRejection('order-already-confirmed', `Order ${orderId} is already confirmed`, { orderId });
  }
  if (state.status !== 'pending') {
    throw new DomainRejection('order-not-pending', `Order ${orderId} is ${state.status}`, {
      orderId,
      status: state.status,
    });
  }
}

function requireReviewRequested(state: PlacedState): void {
  if (state.review === 'requested') return;
  if (state.review === 'not-requested') {
    throw new DomainRejection('order-review-not-requested', `No review was requested for order ${state.order.orderId}`, {
      orderId: state.order.orderId,
    });
  }
  throw reviewAlreadyDecided(state);
}

function reviewAlreadyDecided(state: PlacedState): DomainRejection {
  return new DomainRejection('order-review-already-decided', `The review of order ${state.order.orderId} is ${state.review}`, {
    orderId: state.order.orderId,
    review: state.review,
  });
}
