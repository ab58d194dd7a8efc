import { z } from 'zod';
import { defineMessage, personalData } from '../../../platform/messaging/message-definition';
import { CustomerIdSchema, OrderIdSchema } from '../../kernel/identifiers';
import { MoneySchema } from '../../kernel/money';
import { QuantitySchema } from '../../kernel/quantity';
import { SkuSchema } from '../../kernel/sku';
import { UsState, UsStateSchema } from '../../kernel/us-state';
import type { OrderConfirmed, OrderPlacedPayload } from '../order/order-events';

export const OrderConfirmedV1 = z.object({
  orderId: OrderIdSchema,
  customerId: personalData(CustomerIdSchema),
  total: MoneySchema,
  lines: z.array(z.object({ sku: SkuSchema, quantity: QuantitySchema, unitPrice: MoneySchema })).min(1),
  shipToState: UsStateSchema.meta({ description: 'US state the order ships to (the address itself stays in ordering)' }),
  confirmedAt: z.iso.datetime(),
});

export const orderConfirmedV1 = defineMessage<OrderConfirmed, typeof OrderConfirmedV1>({
  type: 'ordering.order-confirmed',
  version: 1,
  context: 'ordering',
  kind: 'domain-event',
  description: 'An order became a firm sale: stock held, payment captured, shipment booked. Its lines and value in ordering terms.',
  why: 'Finance, analytics and the warehouse act on the business fact "this is now a sale" with its lines and value, in ordering\'s own terms rather than the order aggregate\'s fields.',
  schema: OrderConfirmedV1,
  derivedFrom: ['order-confirmed'],
  async translate(event, context) {
    const placed = (await context.history()).find((e) => e.type === 'order-placed');
    if (!placed) throw new Error(`${event.streamId} has no order-placed before order-confirmed`);
    const order = placed.payload as OrderPlacedPayload;
    return {
      orderId: event.payload.orderId,
      customerId: event.payload.customerId,
      total: { amountCents: event.payload.totalCents, currency: event.payload.currency },
      lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: { amountCents: l.unitPriceCents, currency: order.currency } })),
      shipToState: UsState.of(order.shippingAddress.state).value,
      confirmedAt: event.timestamp.toISOString(),
    };
  },
});
