import { ReturnRestockedV1, ReturnWrittenOffV1 } from '../../shared/domain/inventory/messages/returned-stock';
import { orderReturnsDecider } from '../../shared/domain/ordering/returns/order-returns-decider';
import { orderReturnsStreamId } from '../../shared/domain/ordering/returns/order-returns-stream';
import type { OrderReturnsCommand } from '../../shared/domain/ordering/returns/order-returns-commands';
import { ReturnRefundedV1, ReturnRefundFailedV1 } from '../../shared/domain/payments/messages/return-refund';
import { AggregateRepository, type EventStore } from '../../shared/platform/event-store';
import type { MessageReaction } from '../../shared/platform/messaging/participant-subscriber';
import type { PublicMessage } from '../../shared/platform/messaging/public-message';
import { reactionAppend } from '../kernel/reaction-append';

export const ORDERING_RETURNS_PARTICIPANT = 'ordering';

/**
 * Ordering's part of a return after accepting it: it listens. It records the refund and what became
 * of the goods as payments and inventory report them; the order's returns aggregate closes the
 * return once it has both (`return-completed`), or as failed when the refund failed for good.
 */
export function createOrderReturnsReactions(store: EventStore): MessageReaction[] {
  const returns = new AggregateRepository(store, orderReturnsDecider);
  const record = (message: PublicMessage, orderId: string, command: OrderReturnsCommand) =>
    returns.execute(orderReturnsStreamId(orderId), command, reactionAppend(ORDERING_RETURNS_PARTICIPANT, message)).then(() => undefined);
  return [
    {
      type: 'payments.return-refunded',
      version: 1,
      react: async (message) => {
        const p = ReturnRefundedV1.parse(message.payload);
        await record(message, p.orderId, { type: 'record-return-refund', returnId: p.returnId, refundId: p.refundId, amountCents: p.amount.amountCents });
      },
    },
    {
      type: 'payments.return-refund-failed',
      version: 1,
      react: async (message) => {
        const p = ReturnRefundFailedV1.parse(message.payload);
        await record(message, p.orderId, { type: 'record-return-refund-failure', returnId: p.returnId, code: p.code, reason: p.reason });
      },
    },
    {
      type: 'inventory.return-restocked',
      version: 1,
      react: async (message) => {
        const p = ReturnRestockedV1.parse(message.payload);
        await record(message, p.orderId, { type: 'record-return-stock', returnId: p.returnId, disposition: 'restocked' });
      },
    },
    {
      type: 'inventory.return-written-off',
      version: 1,
      react: async (message) => {
        const p = ReturnWrittenOffV1.parse(message.payload);
        await record(message, p.orderId, { type: 'record-return-stock', returnId: p.returnId, disposition: 'written-off' });
      },
    },
  ];
}
