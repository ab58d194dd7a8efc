import { z } from 'zod';
import { fold } from '../../../platform/event-store/decider';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { SkuSchema } from '../../kernel/sku';
import { stockDecider } from '../stock/stock-decider';
import { STOCK_EVENT_TYPES, type StockEvent } from '../stock/stock-events';
import { initialStockState, reservedQuantity } from '../stock/stock-state';

const Units = z.number().int().min(0);

export const StockLevelChangedV1 = z.object({
  sku: SkuSchema,
  onHand: Units.meta({ description: 'Units in the warehouse, reserved or not' }),
  reserved: Units.meta({ description: 'Units held for orders that have not left yet' }),
  available: Units.meta({ description: 'onHand - reserved: what can still be sold' }),
});

export const stockLevelChangedV1 = defineMessage<StockEvent, typeof StockLevelChangedV1>({
  type: 'inventory.stock-level-changed',
  version: 1,
  context: 'inventory',
  kind: 'state-transfer',
  transfer: 'full',
  description: "A SKU's stock after a change: on hand, reserved, available. The envelope's version is the stock's version.",
  why: 'Storefronts and ordering keep a local copy of availability per SKU and keep selling from it while inventory is down; the full state is three numbers, so a consumer keeps the newest version and needs no deltas in order.',
  schema: StockLevelChangedV1,
  derivedFrom: STOCK_EVENT_TYPES,
  async translate(event, context) {
    const history = (await context.history()) as unknown as StockEvent[];
    const state = fold(stockDecider, initialStockState, history);
    const reserved = reservedQuantity(state);
    return { sku: event.payload.sku, onHand: state.onHand, reserved, available: state.onHand - reserved };
  },
});
