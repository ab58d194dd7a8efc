import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import { ReturnIdSchema } from '../../kernel/return-id';
import type { ReturnPointsKept, ReturnPointsRevoked } from '../returns/return-points-decider';

export const ReturnPointsRevokedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  points: z.number().int().min(0).meta({ description: 'Points taken back for the refunded amount' }),
});

export const returnPointsRevokedV1 = defineMessage<ReturnPointsRevoked, typeof ReturnPointsRevokedV1>({
  type: 'loyalty.return-points-revoked',
  version: 1,
  context: 'loyalty',
  kind: 'domain-event',
  description: "Loyalty took back the points of a return's refunded amount.",
  why: "Ordering follows a return to its end and customer messaging explains the new balance: both act on loyalty's decision for this return, not on the customer's account.",
  schema: ReturnPointsRevokedV1,
  derivedFrom: ['return-points-revoked'],
  translate: ({ payload: p }) => ({ returnId: p.returnId, orderId: p.orderId, points: p.points }),
});

export const ReturnPointsKeptV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  reason: z.string().min(1),
});

export const returnPointsKeptV1 = defineMessage<ReturnPointsKept, typeof ReturnPointsKeptV1>({
  type: 'loyalty.return-points-kept',
  version: 1,
  context: 'loyalty',
  kind: 'domain-event',
  description: "Loyalty's compensation of a refund that failed: the customer keeps the points, and why.",
  why: 'Ordering sees that loyalty has decided about the return; the reason is the business fact a person reads.',
  schema: ReturnPointsKeptV1,
  derivedFrom: ['return-points-kept'],
  translate: ({ payload: p }) => ({ returnId: p.returnId, orderId: p.orderId, reason: p.reason }),
});
