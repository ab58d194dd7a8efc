import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema, ProviderReferenceSchema } from '../../kernel/identifiers';
import { CentsSchema, CurrencySchema, MoneySchema } from '../../kernel/money';
import type { PaymentAuthorized } from '../payment/payment-events';

const WHY = 'Finance and fraud checks react to the business fact that money is held on a card for an order, with its amount; the payment aggregate\'s state is none of their business.';

export const PaymentAuthorizedV2 = z.object({ orderId: OrderIdSchema, amount: MoneySchema, authorizationId: ProviderReferenceSchema });

export const paymentAuthorizedV2 = defineMessage<PaymentAuthorized, typeof PaymentAuthorizedV2>({
  type: 'payments.payment-authorized',
  version: 2,
  context: 'payments',
  kind: 'domain-event',
  description: 'Money is held on the customer\'s card for an order (not yet taken).',
  why: WHY,
  schema: PaymentAuthorizedV2,
  derivedFrom: ['payment-authorized'],
  translate: ({ payload: p }) => ({ orderId: p.orderId, amount: p.amount, authorizationId: p.authorizationId }),
});

export const PaymentAuthorizedV1 = z.object({ orderId: OrderIdSchema, amountCents: CentsSchema, currency: CurrencySchema, authorizationId: ProviderReferenceSchema });

/** Version 1 split the amount into two fields; published beside version 2 until it retires. */
export const paymentAuthorizedV1 = defineMessage<PaymentAuthorized, typeof PaymentAuthorizedV1>({
  type: 'payments.payment-authorized',
  version: 1,
  context: 'payments',
  kind: 'domain-event',
  description: 'Money is held on the customer\'s card for an order. Retiring: version 2 carries the amount as one Money value.',
  why: WHY,
  retiresOn: '2027-06-30',
  schema: PaymentAuthorizedV1,
  derivedFrom: ['payment-authorized'],
  translate: ({ payload: p }) => ({ orderId: p.orderId, amountCents: p.amount.amountCents, currency: p.amount.currency, authorizationId: p.authorizationId }),
});
