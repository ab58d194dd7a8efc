import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import { ORDER_EVENT_TYPES, type OrderEvent } from '../order/order-events';

/**
 * The moves this notification announces. `order-compensation-failed` is not one: it is an alarm for
 * operators (the saga also records the order's outcome, rejected or cancelled, which is announced).
 */
type AnnouncedEvent = Exclude<OrderEvent, { type: 'order-compensation-failed' }>;

const CHANGE_BY_EVENT = {
  'order-placed': 'placed',
  'order-review-requested': 'review-requested',
  'order-review-approved': 'review-approved',
  'order-confirmed': 'confirmed',
  'order-cancelled': 'cancelled',
  'order-rejected': 'rejected',
} as const satisfies Record<AnnouncedEvent['type'], string>;

export const OrderStatusChangedV1 = z.object({
  orderId: OrderIdSchema,
  change: z.enum(Object.values(CHANGE_BY_EVENT)).meta({ description: 'What happened to the order' }),
  link: z.string().meta({ description: 'The order summary in the query API (GET with a key of the queries scope)', example: '/orders/ord_42' }),
});

/** The query API's order summary: the one place a notified consumer fetches an order's details. */
export const orderLink = (orderId: string): string => `/orders/${encodeURIComponent(orderId)}`;

export const orderStatusChangedV1 = defineMessage<AnnouncedEvent, typeof OrderStatusChangedV1>({
  type: 'ordering.order-status-changed',
  version: 1,
  context: 'ordering',
  kind: 'notification',
  description: 'An order moved: placed, sent to review, approved, confirmed, cancelled or rejected. Fetch the link for its state.',
  why: 'Dashboards and reporting only need to know that an order moved; its details change often and hold personal data (the address), so they fetch the current summary when they care.',
  schema: OrderStatusChangedV1,
  derivedFrom: ORDER_EVENT_TYPES.filter((t): t is AnnouncedEvent['type'] => t !== 'order-compensation-failed'),
  translate: (event) => ({ orderId: event.payload.orderId, change: CHANGE_BY_EVENT[event.type], link: orderLink(event.payload.orderId) }),
});
