import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import { SkuSchema } from '../../kernel/sku';
import type { StockEvent } from '../stock/stock-events';

export const RESERVATION_STATUSES = ['reserved', 'released', 'committed', 'failed'] as const;

const Units = z.number().int().min(0);

export const StockReservationChangedV1 = z.object({
  orderId: OrderIdSchema,
  sku: SkuSchema,
  status: z.enum(RESERVATION_STATUSES),
  quantity: Units.meta({ description: 'Units the order holds, released, took, or asked for in vain' }),
  available: Units.optional().meta({ description: 'When the reservation failed: the units that were available' }),
  reason: z.string().min(1).optional().meta({ description: 'Why a reservation was released' }),
});

export const stockReservationChangedV1 = defineMessage<StockEvent, typeof StockReservationChangedV1>({
  type: 'inventory.stock-reservation-changed',
  version: 1,
  context: 'inventory',
  kind: 'state-transfer',
  transfer: 'delta',
  description: "The stock an order holds of one SKU changed (reserved, released, committed when the parcel left, or refused). The envelope's stream is the SKU's stock, its version the stock's version.",
  why: "Ordering shows per order line whether its stock is held without reading inventory's events; a reservation is a small record keyed by order and SKU whose changes arrive as deltas in the stock's order.",
  schema: StockReservationChangedV1,
  derivedFrom: ['stock-reserved', 'stock-released', 'stock-reservation-committed', 'stock-reservation-failed'],
  translate(event) {
    switch (event.type) {
      case 'stock-reserved':
        return { orderId: event.payload.orderId, sku: event.payload.sku, status: 'reserved', quantity: event.payload.quantity };
      case 'stock-released': {
        const { orderId, sku, quantity, reason } = event.payload;
        return { orderId, sku, status: 'released', quantity, reason };
      }
      case 'stock-reservation-committed':
        return { orderId: event.payload.orderId, sku: event.payload.sku, status: 'committed', quantity: event.payload.quantity };
      case 'stock-reservation-failed': {
        const { orderId, sku, requested, available } = event.payload;
        return { orderId, sku, status: 'failed', quantity: requested, available };
      }
      case 'stock-received':
        return null;
    }
  },
});
