import { z } from 'zod';
import { defineMessage, personalData } from '../../../platform/messaging/message-definition';
import { CustomerIdSchema, OrderIdSchema } from '../../kernel/identifiers';
import { MoneySchema } from '../../kernel/money';
import { QuantitySchema } from '../../kernel/quantity';
import { ReturnIdSchema } from '../../kernel/return-id';
import { SkuSchema } from '../../kernel/sku';
import { ReturnReasonSchema } from '../returns/return-reason';
import type { ReturnRequested } from '../returns/order-returns-events';

export const ReturnRequestedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  customerId: personalData(CustomerIdSchema),
  lines: z.array(z.object({ sku: SkuSchema, quantity: QuantitySchema, unitPrice: MoneySchema })).min(1),
  refund: MoneySchema.meta({ description: 'What the customer gets back: the returned lines at the prices paid' }),
  reason: ReturnReasonSchema,
  requestedAt: z.iso.datetime(),
});

export type ReturnRequestedMessage = z.infer<typeof ReturnRequestedV1>;

export const returnRequestedV1 = defineMessage<ReturnRequested, typeof ReturnRequestedV1>({
  type: 'ordering.return-requested',
  version: 1,
  context: 'ordering',
  kind: 'domain-event',
  description: 'A customer asked to send back goods of a dispatched order, within the return window: the lines, the amount to refund, the stated reason. Starts the returns choreography.',
  why: 'Shipping, payments and inventory each decide from this one business fact what they do about a return (a label, a refund, a place on the shelf), with no coordinator to ask; they need its lines, amount and reason, not the order aggregate.',
  schema: ReturnRequestedV1,
  derivedFrom: ['return-requested'],
  translate: (event) => {
    const p = event.payload;
    return {
      returnId: p.returnId,
      orderId: p.orderId,
      customerId: p.customerId,
      lines: p.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: { amountCents: l.unitPriceCents, currency: p.currency } })),
      refund: { amountCents: p.refundCents, currency: p.currency },
      reason: p.reason,
      requestedAt: event.timestamp.toISOString(),
    };
  },
});
