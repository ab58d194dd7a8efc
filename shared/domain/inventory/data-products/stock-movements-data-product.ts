import { z } from 'zod';
import { defineDataProduct, type RowChange } from '../../../platform/data-products/data-product-definition';
import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { OrderIdSchema } from '../../kernel/identifiers';
import { SkuSchema } from '../../kernel/sku';
import { STOCK_EVENT_TYPES, type StockEvent } from '../stock/stock-events';
import { stockMovementQueries } from './stock-movement-queries';

export const MOVEMENTS = ['received', 'reserved', 'released', 'committed', 'reservation-failed'] as const;

/** One change to a SKU's stock: what moved, how many units, and the effect on hand and available. */
export const StockMovementRow = z.object({
  sku: SkuSchema,
  version: z.int().min(1).meta({ description: 'Position of the event in the SKU\'s stock stream' }),
  movement: z.enum(MOVEMENTS),
  quantity: z.int().min(0).meta({ description: 'Units moved (for a failed reservation: units requested)' }),
  on_hand_change: z.int(),
  available_change: z.int(),
  order_id: OrderIdSchema.nullable(),
  occurred_at: z.iso.datetime().meta({ description: 'When it happened (business time, UTC)' }),
  occurred_on: z.iso.date().meta({ description: 'UTC day of occurred_at; the partition' }),
});
export type StockMovementRow = z.infer<typeof StockMovementRow>;

function movement(envelope: EventEnvelope): RowChange<StockMovementRow>[] {
  const event = envelope as unknown as StockEvent;
  const at = envelope.timestamp.toISOString();
  const base = { sku: event.payload.sku, version: envelope.version, occurred_at: at, occurred_on: at.slice(0, 10) };
  switch (event.type) {
    case 'stock-received':
      return [{ upsert: { ...base, movement: 'received', quantity: event.payload.quantity, on_hand_change: event.payload.quantity, available_change: event.payload.quantity, order_id: null } }];
    case 'stock-reserved':
      return [{ upsert: { ...base, movement: 'reserved', quantity: event.payload.quantity, on_hand_change: 0, available_change: -event.payload.quantity, order_id: event.payload.orderId } }];
    case 'stock-released':
      return [{ upsert: { ...base, movement: 'released', quantity: event.payload.quantity, on_hand_change: 0, available_change: event.payload.quantity, order_id: event.payload.orderId } }];
    case 'stock-reservation-committed':
      return [{ upsert: { ...base, movement: 'committed', quantity: event.payload.quantity, on_hand_change: -event.payload.quantity, available_change: 0, order_id: event.payload.orderId } }];
    case 'stock-reservation-failed':
      return [{ upsert: { ...base, movement: 'reservation-failed', quantity: event.payload.requested, on_hand_change: 0, available_change: 0, order_id: event.payload.orderId } }];
  }
}

/** `inventory.stock-movements`: every unit received, reserved, released and shipped, per SKU and day. */
export const stockMovementsDataProduct = defineDataProduct({
  name: 'inventory.stock-movements',
  context: 'inventory',
  owner: { team: 'Inventory', contact: 'inventory-team@example.com' },
  purpose: 'Stock flows over time per SKU: receipts, reservations, releases, shipments and reservations refused for lack of stock.',
  version: 1,
  table: 'stock_movements',
  schema: StockMovementRow,
  key: ['sku', 'version'],
  classification: {
    sku: { personal: 'none' },
    version: { personal: 'none' },
    movement: { personal: 'none' },
    quantity: { personal: 'none' },
    on_hand_change: { personal: 'none' },
    available_change: { personal: 'none' },
    order_id: { personal: 'none' },
    occurred_at: { personal: 'none' },
    occurred_on: { personal: 'none' },
  },
  dropped: [],
  partitionBy: { column: 'occurred_on', grain: 'day' },
  freshnessObjectiveSeconds: 60,
  retentionDays: 400,
  source: {
    kind: 'stored-events',
    eventTypes: STOCK_EVENT_TYPES,
    why: 'inventory.stock-level-changed carries the levels after a change, not which movement it was nor for which order; inventory owns both the events and this product.',
    rows: movement,
  },
  queries: stockMovementQueries,
});
