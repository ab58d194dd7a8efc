import { returnedStockDecider } from '../../shared/domain/inventory/returns/returned-stock-decider';
import { returnedStockStreamId } from '../../shared/domain/inventory/returns/returned-stock-stream';
import { stockDecider } from '../../shared/domain/inventory/stock/stock-decider';
import { stockStreamId } from '../../shared/domain/inventory/stock/stock-stream';
import { ReturnParcelReceivedV1 } from '../../shared/domain/shipping/messages/return-parcel';
import { AggregateRepository, type EventStore } from '../../shared/platform/event-store';
import type { MessageReaction } from '../../shared/platform/messaging/participant-subscriber';
import { reactionAppend } from '../kernel/reaction-append';

export const INVENTORY_RETURNS_PARTICIPANT = 'inventory';

/**
 * Inventory's part of a return: when shipping reports the parcel at the warehouse, the goods go
 * back into each SKU's stock, or are written off when they arrived damaged. It does not react to
 * a failed refund: the goods are back whatever happens to the money ("restock kept").
 */
export function createReturnedStockReactions(store: EventStore): MessageReaction[] {
  const stock = new AggregateRepository(store, stockDecider);
  const returned = new AggregateRepository(store, returnedStockDecider);
  return [
    {
      type: 'shipping.return-parcel-received',
      version: 1,
      async react(message) {
        const parcel = ReturnParcelReceivedV1.parse(message.payload);
        const streamId = returnedStockStreamId(parcel.returnId);
        const append = reactionAppend(INVENTORY_RETURNS_PARTICIPANT, message);
        if (parcel.condition === 'damaged') {
          await returned.execute(streamId, { type: 'write-off-return', returnId: parcel.returnId, orderId: parcel.orderId, lines: parcel.lines, reason: 'arrived damaged: cannot be sold again' }, append);
          return;
        }
        // One receipt per SKU, keyed by the return: run again, it finds its earlier append.
        for (const line of parcel.lines) {
          await stock.execute(stockStreamId(line.sku), { type: 'receive-stock', sku: line.sku, quantity: line.quantity }, reactionAppend(INVENTORY_RETURNS_PARTICIPANT, message, line.sku));
        }
        await returned.execute(streamId, { type: 'restock-return', returnId: parcel.returnId, orderId: parcel.orderId, lines: parcel.lines }, append);
      },
    },
  ];
}
