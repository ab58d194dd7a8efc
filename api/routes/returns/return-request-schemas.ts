import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OrderIdSchema } from '../../../shared/domain/kernel/identifiers';
import { ReturnIdSchema, ReturnLinesSchema } from '../../../shared/domain/kernel/return-id';
import { ReasonSchema } from '../../../shared/domain/kernel/text';
import { RETURN_PARTICIPANTS, RETURN_STATUSES } from '../../../shared/domain/ordering/views/return-progress';
import { ReturnReasonSchema } from '../../../shared/domain/ordering/returns/return-reason';
import { ParcelConditionSchema } from '../../../shared/domain/shipping/returns/parcel-condition';

export const newReturnId = (): string => `ret_${randomUUID().replaceAll('-', '').slice(0, 20)}`;

export const OrderIdParams = z.object({ id: OrderIdSchema }).strict();
export const ReturnIdParams = z.object({ id: ReturnIdSchema }).strict();

export const RequestReturnBody = z
  .object({
    returnId: ReturnIdSchema.optional().describe('Business key and correlation id; generated when absent. The same request again is idempotent.'),
    lines: ReturnLinesSchema,
    reason: ReturnReasonSchema,
    note: ReasonSchema.optional(),
  })
  .strict()
  .openapi('ReturnRequest');

export const ReturnAccepted = z
  .object({
    returnId: z.string(),
    orderId: z.string(),
    refundCents: z.number().int(),
    currency: z.string(),
    links: z.object({ return: z.string(), parcelWorkflow: z.string(), refundWorkflow: z.string() }),
  })
  .openapi('ReturnAccepted');

export const ParcelReceivedBody = z
  .object({ condition: ParcelConditionSchema.optional().describe("After inspection; by default what the customer's stated reason implies") })
  .strict()
  .openapi('ParcelReceipt');

export const ParcelReceivedResponse = z
  .object({ returnId: z.string(), status: z.string(), receivedAt: z.string().nullable(), condition: z.string().nullable(), scannedBy: z.string().nullable() })
  .openapi('ParcelReceived');

const Reaction = z.object({
  participant: z.enum(RETURN_PARTICIPANTS),
  reaction: z.string().describe('The stored event type of the reaction'),
  at: z.string(),
  outcome: z.enum(['done', 'failed', 'compensation']),
  detail: z.string(),
});
const Outstanding = z.object({ participant: z.enum(RETURN_PARTICIPANTS), awaiting: z.string(), waitingOn: z.enum(['participant', 'customer']) });

export const ReturnProgressResponse = z
  .object({
    returnId: z.string(),
    orderId: z.string(),
    status: z.enum(RETURN_STATUSES),
    reason: z.string(),
    refundCents: z.number().int(),
    currency: z.string(),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number().int(), unitPriceCents: z.number().int(), refundCents: z.number().int() })),
    requestedAt: z.string(),
    lastProgressAt: z.string(),
    reactions: z.array(Reaction).describe("Every participant's reaction so far, oldest first"),
    outstanding: z.array(Outstanding).describe('What the choreography still expects, and from whom'),
    settled: z.boolean().describe('Every participant has reacted: nothing is outstanding'),
    stuck: z.boolean().describe('A participant owes a reaction and nothing happened for RETURN_STUCK_AFTER'),
  })
  .openapi('ReturnProgress');

export const ReturnListQuery = z
  .object({
    status: z.enum(RETURN_STATUSES).optional(),
    stuck: z.enum(['true', 'false']).optional().transform((v) => v === 'true').describe('true: only returns flagged as stuck'),
    days: z.coerce.number().int().min(1).max(31).default(7).describe('Days of settled returns to include (by their last reaction)'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const ReturnListResponse = z
  .object({
    returns: z.array(z.object({
      returnId: z.string(), orderId: z.string(), status: z.enum(RETURN_STATUSES), requestedAt: z.string(), lastProgressAt: z.string(),
      outstanding: z.array(Outstanding), stuck: z.boolean(),
    })),
    total: z.number().int(),
    stuckAfterMs: z.number().int(),
  })
  .openapi('ReturnList');
