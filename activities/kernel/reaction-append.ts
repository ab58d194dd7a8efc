import type { ExecuteOptions } from '../../shared/platform/event-store';
import type { PublicMessage } from '../../shared/platform/messaging/public-message';

/**
 * How a choreography participant appends in reaction to a message: the message's correlation id
 * (the return's), the message as the cause, and an idempotency key per participant, message and
 * stream, so a reaction run again after a crash (its inbox mark not yet written) appends nothing new.
 */
export function reactionAppend(participant: string, message: PublicMessage, step = ''): ExecuteOptions {
  return {
    correlationId: message.correlationId,
    causationId: message.messageId,
    idempotencyKey: `${participant}:${message.messageId}${step ? `:${step}` : ''}`,
    maxConflictRetries: 10,
  };
}
