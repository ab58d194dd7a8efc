import { z } from 'zod';
import { CustomerIdSchema, OrderIdSchema } from '../kernel/identifiers';
import { CentsSchema } from '../kernel/money';
import { QuantitySchema } from '../kernel/quantity';
import { ShippingAddressSchema } from '../kernel/shipping-address';
import { SkuSchema } from '../kernel/sku';

export const MAX_ORDER_LINES = 100;

export const OrderLineSchema = z
  .object({ sku: SkuSchema, quantity: QuantitySchema, unitPriceCents: CentsSchema })
  .meta({ description: 'One line of an order: a SKU, how many, and the unit price in cents' });

/** The data of a `place-order` command; the API validates request bodies with it too. */
export const PlaceOrderSchema = z
  .object({
    orderId: OrderIdSchema,
    customerId: CustomerIdSchema,
    lines: z
      .array(OrderLineSchema)
      .min(1, 'an order needs at least one line')
      .max(MAX_ORDER_LINES)
      .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, 'each SKU may appear on one line only'),
    shippingAddress: ShippingAddressSchema,
  })
  .meta({ description: 'An order as the customer places it' });

export type PlaceOrderData = z.infer<typeof PlaceOrderSchema>;
