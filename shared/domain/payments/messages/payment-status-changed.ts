import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema, ProviderReferenceSchema } from '../../kernel/identifiers';
import { MoneySchema } from '../../kernel/money';
import { PAYMENT_EVENT_TYPES, type PaymentEvent } from '../payment/payment-events';

export const PAYMENT_STATUSES = ['authorized', 'declined', 'captured', 'voided', 'refunded'] as const;

export const PaymentStatusChangedV1 = z.object({
  orderId: OrderIdSchema,
  status: z.enum(PAYMENT_STATUSES),
  amount: MoneySchema.meta({ description: 'The amount the change concerns (authorized, declined, captured, voided or refunded)' }),
  authorizationId: ProviderReferenceSchema.optional().meta({ description: 'Set when the authorization is granted' }),
  captureId: ProviderReferenceSchema.optional().meta({ description: 'Set when the money is taken' }),
  reason: z.string().min(1).optional().meta({ description: 'Why a payment was declined, voided or refunded' }),
});

export const paymentStatusChangedV1 = defineMessage<PaymentEvent, typeof PaymentStatusChangedV1>({
  type: 'payments.payment-status-changed',
  version: 1,
  context: 'payments',
  kind: 'state-transfer',
  transfer: 'delta',
  description: "An order's payment moved to a new status, with the fields that changed. The envelope's version is the payment's version.",
  why: "Ordering shows each order's payment beside the order without reading payments' events: the status and the references set at each step are all it keeps, so a delta per change is enough and the card stays in payments.",
  schema: PaymentStatusChangedV1,
  derivedFrom: PAYMENT_EVENT_TYPES,
  translate(event) {
    switch (event.type) {
      case 'payment-authorized': {
        const { orderId, amount, authorizationId } = event.payload;
        return { orderId, status: 'authorized', amount, authorizationId };
      }
      case 'payment-declined': {
        const { orderId, amountCents, currency, declineCode, reason } = event.payload;
        return { orderId, status: 'declined', amount: { amountCents, currency }, reason: `${declineCode}: ${reason}` };
      }
      case 'payment-captured': {
        const { orderId, amountCents, currency, captureId } = event.payload;
        return { orderId, status: 'captured', amount: { amountCents, currency }, captureId };
      }
      case 'payment-voided': {
        const { orderId, amountCents, currency, reason } = event.payload;
        return { orderId, status: 'voided', amount: { amountCents, currency }, reason };
      }
      case 'payment-refunded': {
        const { orderId, amountCents, currency, reason } = event.payload;
        return { orderId, status: 'refunded', amount: { amountCents, currency }, reason };
      }
    }
  },
});
