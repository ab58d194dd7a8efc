import { z } from 'zod';
import { defineMessage, personalData } from '../../../platform/messaging/message-definition';
import { CustomerIdSchema, OrderIdSchema } from '../../kernel/identifiers';
import { MoneySchema } from '../../kernel/money';
import { ReturnIdSchema } from '../../kernel/return-id';
import type { ReturnRefunded, ReturnRefundFailed, StoreCreditIssued } from '../returns/return-refund-events';

export const ReturnRefundedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  customerId: personalData(CustomerIdSchema),
  amount: MoneySchema,
  refundId: z.string().min(1),
  refundedAt: z.iso.datetime(),
});

export type ReturnRefundedMessage = z.infer<typeof ReturnRefundedV1>;

export const returnRefundedV1 = defineMessage<ReturnRefunded, typeof ReturnRefundedV1>({
  type: 'payments.return-refunded',
  version: 1,
  context: 'payments',
  kind: 'domain-event',
  description: 'The amount of a return went back to the card it was paid with.',
  why: 'Ordering closes the return and loyalty takes back the points of the refunded amount: both act on the money actually returned, whose customer and amount they need.',
  schema: ReturnRefundedV1,
  derivedFrom: ['return-refunded'],
  translate: (event) => {
    const p = event.payload;
    return { returnId: p.returnId, orderId: p.orderId, customerId: p.customerId, amount: { amountCents: p.amountCents, currency: p.currency }, refundId: p.refundId, refundedAt: event.timestamp.toISOString() };
  },
});

export const ReturnRefundFailedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  amount: MoneySchema,
  code: z.string().meta({ description: "The gateway's refusal (e.g. expired-card), or refund-retries-exhausted", example: 'expired-card' }),
  reason: z.string(),
  failedAt: z.iso.datetime(),
});

export type ReturnRefundFailedMessage = z.infer<typeof ReturnRefundFailedV1>;

export const returnRefundFailedV1 = defineMessage<ReturnRefundFailed, typeof ReturnRefundFailedV1>({
  type: 'payments.return-refund-failed',
  version: 1,
  context: 'payments',
  kind: 'domain-event',
  description: 'The refund of a return failed for good: refused by the gateway, or still failing when the retry budget ran out.',
  why: 'Ordering records the return as failed and loyalty decides what the failure means for the points: each compensates on its own, so they need the business fact and its code.',
  schema: ReturnRefundFailedV1,
  derivedFrom: ['return-refund-failed'],
  translate: (event) => {
    const p = event.payload;
    return { returnId: p.returnId, orderId: p.orderId, amount: { amountCents: p.amountCents, currency: p.currency }, code: p.code, reason: p.reason, failedAt: event.timestamp.toISOString() };
  },
});

export const StoreCreditIssuedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  customerId: personalData(CustomerIdSchema),
  amount: MoneySchema,
  creditId: z.string().min(1),
});

export const storeCreditIssuedV1 = defineMessage<StoreCreditIssued, typeof StoreCreditIssuedV1>({
  type: 'payments.store-credit-issued',
  version: 1,
  context: 'payments',
  kind: 'domain-event',
  description: "Payments' compensation of a refund that failed for good: the amount as store credit for the customer.",
  why: 'The storefront and customer messaging act on the credit the customer can now spend; its amount and customer are the business fact.',
  schema: StoreCreditIssuedV1,
  derivedFrom: ['store-credit-issued'],
  translate: ({ payload: p }) => ({ returnId: p.returnId, orderId: p.orderId, customerId: p.customerId, amount: { amountCents: p.amountCents, currency: p.currency }, creditId: p.creditId }),
});
