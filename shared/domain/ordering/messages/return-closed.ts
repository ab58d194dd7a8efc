import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import { MoneySchema } from '../../kernel/money';
import { ReturnIdSchema } from '../../kernel/return-id';
import type { ReturnCompleted, ReturnFailed } from '../returns/order-returns-events';

export const ReturnCompletedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  refunded: MoneySchema,
  goods: z.enum(['restocked', 'written-off']).meta({ description: 'What inventory did with the goods' }),
  orderFullyReturned: z.boolean().meta({ description: 'Every unit the order shipped has now come back' }),
  completedAt: z.iso.datetime(),
});

export const returnCompletedV1 = defineMessage<ReturnCompleted, typeof ReturnCompletedV1>({
  type: 'ordering.return-completed',
  version: 1,
  context: 'ordering',
  kind: 'domain-event',
  description: 'Ordering has seen the refund and what became of the goods: the order is (partly or fully) returned.',
  why: 'Customer messaging and finance act on the business outcome of a return, which only ordering states (no participant of a choreography sees the whole); it carries the amount and whether the whole order is now back.',
  schema: ReturnCompletedV1,
  derivedFrom: ['return-completed'],
  translate: (event) => ({
    returnId: event.payload.returnId,
    orderId: event.payload.orderId,
    refunded: { amountCents: event.payload.refundedCents, currency: event.payload.currency },
    goods: event.payload.disposition,
    orderFullyReturned: event.payload.orderFullyReturned,
    completedAt: event.timestamp.toISOString(),
  }),
});

export const ReturnFailedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  participant: z.enum(['payments']).meta({ description: 'The participant that failed for good' }),
  code: z.string().meta({ description: "The participant's failure code, e.g. expired-card", example: 'expired-card' }),
  reason: z.string(),
  failedAt: z.iso.datetime(),
});

export const returnFailedV1 = defineMessage<ReturnFailed, typeof ReturnFailedV1>({
  type: 'ordering.return-failed',
  version: 1,
  context: 'ordering',
  kind: 'domain-event',
  description: 'A participant of a return failed for good (the refund could not be made); the participants compensate on their own (store credit, points kept).',
  why: 'Customer service acts on the fact that a return did not end as asked, and why, in ordering\'s terms; the compensations are each participant\'s own message.',
  schema: ReturnFailedV1,
  derivedFrom: ['return-failed'],
  translate: (event) => ({
    returnId: event.payload.returnId,
    orderId: event.payload.orderId,
    participant: event.payload.participant,
    code: event.payload.code,
    reason: event.payload.reason,
    failedAt: event.timestamp.toISOString(),
  }),
});
