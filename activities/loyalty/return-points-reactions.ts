import { pointsAccountDecider } from '../../shared/domain/loyalty/points-account/points-account-decider';
import { pointsStreamId } from '../../shared/domain/loyalty/points-account/points-account-stream';
import { returnPointsDecider } from '../../shared/domain/loyalty/returns/return-points-decider';
import { returnPointsStreamId } from '../../shared/domain/loyalty/returns/return-points-stream';
import { ReturnRefundedV1, ReturnRefundFailedV1 } from '../../shared/domain/payments/messages/return-refund';
import { AggregateRepository, type EventStore } from '../../shared/platform/event-store';
import type { MessageReaction } from '../../shared/platform/messaging/participant-subscriber';
import { reactionAppend } from '../kernel/reaction-append';

export const LOYALTY_RETURNS_PARTICIPANT = 'loyalty';

/**
 * Loyalty's part of a return: it follows the money. A refund to the card takes back the points of
 * the refunded amount; a refund that failed for good leaves the points alone (the customer got
 * store credit instead of their money, and the points came with a purchase whose value the shop keeps).
 */
export function createReturnPointsReactions(store: EventStore): MessageReaction[] {
  const accounts = new AggregateRepository(store, pointsAccountDecider);
  const decisions = new AggregateRepository(store, returnPointsDecider);
  return [
    {
      type: 'payments.return-refunded',
      version: 1,
      async react(message) {
        const refund = ReturnRefundedV1.parse(message.payload);
        const deducted = await accounts.execute(pointsStreamId(refund.customerId), {
          type: 'deduct-points', customerId: refund.customerId, orderId: refund.orderId, returnId: refund.returnId,
          refundedCents: refund.amount.amountCents, reason: `return ${refund.returnId} refunded`,
        }, reactionAppend(LOYALTY_RETURNS_PARTICIPANT, message, 'account'));
        const event = deducted.events.find((e) => e.type === 'points-deducted');
        const decision = event
          ? { type: 'record-return-points-revoked' as const, returnId: refund.returnId, orderId: refund.orderId, customerId: refund.customerId, points: (event.payload as { points: number }).points }
          : { type: 'record-return-points-kept' as const, returnId: refund.returnId, orderId: refund.orderId, reason: `order ${refund.orderId} earned no points to take back` };
        await decisions.execute(returnPointsStreamId(refund.returnId), decision, reactionAppend(LOYALTY_RETURNS_PARTICIPANT, message));
      },
    },
    {
      type: 'payments.return-refund-failed',
      version: 1,
      async react(message) {
        const failure = ReturnRefundFailedV1.parse(message.payload);
        await decisions.execute(returnPointsStreamId(failure.returnId), {
          type: 'record-return-points-kept', returnId: failure.returnId, orderId: failure.orderId,
          reason: `the refund failed (${failure.code}): the customer keeps the points with their store credit`,
        }, reactionAppend(LOYALTY_RETURNS_PARTICIPANT, message));
      },
    },
  ];
}
