import { z } from 'zod';
import { defineDataProduct, pseudonym, type RowChange } from '../../../platform/data-products/data-product-definition';
import type { PublicMessage } from '../../../platform/messaging/public-message';
import { OrderIdSchema } from '../../kernel/identifiers';
import { CurrencySchema } from '../../kernel/money';
import { UsStateSchema } from '../../kernel/us-state';
import { OrderConfirmedV1 } from '../messages/order-confirmed';
import { OrderStatusChangedV1 } from '../messages/order-status-changed';
import { salesQueries } from './sales-queries';

/** One confirmed order: the talk's `orders` table with a time dimension. */
export const SaleRow = z.object({
  order_id: OrderIdSchema,
  customer_key: pseudonym('customerId'),
  ship_to_state: UsStateSchema,
  total_cents: z.int().min(0).meta({ description: 'Order total in cents' }),
  currency: CurrencySchema,
  lines: z.int().min(1),
  units: z.int().min(1),
  confirmed_at: z.iso.datetime().meta({ description: 'When the order became a sale (business time, UTC)' }),
  confirmed_on: z.iso.date().meta({ description: 'UTC day of confirmed_at; the partition' }),
  cancelled_at: z.iso.datetime().nullable().meta({ description: 'When a confirmed order was cancelled (it no longer counts as a sale)' }),
});
export type SaleRow = z.infer<typeof SaleRow>;

function saleChanges(message: PublicMessage): RowChange<SaleRow>[] {
  if (message.type === 'ordering.order-confirmed') {
    const sale = OrderConfirmedV1.parse(message.payload);
    return [{
      upsert: {
        order_id: sale.orderId,
        customer_key: sale.customerId, // replaced by its keyed hash before it is stored
        ship_to_state: sale.shipToState,
        total_cents: sale.total.amountCents,
        currency: sale.total.currency,
        lines: sale.lines.length,
        units: sale.lines.reduce((n, l) => n + l.quantity, 0),
        confirmed_at: sale.confirmedAt,
        confirmed_on: sale.confirmedAt.slice(0, 10),
        cancelled_at: null,
      },
    }];
  }
  const change = OrderStatusChangedV1.parse(message.payload);
  if (change.change !== 'cancelled') return [];
  return [{ update: { key: { order_id: change.orderId }, set: { cancelled_at: message.timestamp.toISOString() } } }];
}

/**
 * `ordering.sales`: every confirmed order with where it ships, its value and when it became a
 * sale, partitioned by day. Answers "by day, for the last 90 days" and "what changed since last
 * week", where the operational `sales-by-state` view answers "now".
 */
export const salesDataProduct = defineDataProduct({
  name: 'ordering.sales',
  context: 'ordering',
  owner: { team: 'Ordering', contact: 'ordering-team@example.com' },
  purpose: 'Sales over time: confirmed orders by day, state and value, for revenue reporting and trend analysis.',
  version: 1,
  table: 'sales',
  schema: SaleRow,
  key: ['order_id'],
  classification: {
    order_id: { personal: 'none' },
    customer_key: { personal: 'pseudonymised', from: 'customerId' },
    ship_to_state: { personal: 'none' },
    total_cents: { personal: 'none' },
    currency: { personal: 'none' },
    lines: { personal: 'none' },
    units: { personal: 'none' },
    confirmed_at: { personal: 'none' },
    confirmed_on: { personal: 'none' },
    cancelled_at: { personal: 'none' },
  },
  dropped: [],
  partitionBy: { column: 'confirmed_on', grain: 'day' },
  freshnessObjectiveSeconds: 60,
  retentionDays: 3 * 366,
  source: {
    kind: 'public-messages',
    messages: [{ type: 'ordering.order-confirmed', version: 1 }, { type: 'ordering.order-status-changed', version: 1 }],
    rows: saleChanges,
  },
  queries: salesQueries,
});
