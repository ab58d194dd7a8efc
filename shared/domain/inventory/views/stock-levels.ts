import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import type { ProjectionView } from '../../../platform/projections/projection-view';
import { applyToStreamDocument, type StreamDocument } from '../../../platform/projections/stream-document';
import type { ViewReader } from '../../../platform/projections/view-store';
import { STOCK_EVENT_TYPES, type StockEvent } from '../stock/stock-events';

/** Stock of one SKU as a warehouse screen shows it. `available = onHand - reserved`. */
export interface StockLevel {
  readonly sku: string;
  /** Units in the warehouse, reserved or not. */
  readonly onHand: number;
  /** Units held for orders that have not left yet. */
  readonly reserved: number;
  readonly available: number;
  /** Reservations refused for want of stock. */
  readonly failedReservations: number;
}

export type StockLevelDocument = StreamDocument<StockLevel>;

const EMPTY = (sku: string): StockLevel => ({ sku, onHand: 0, reserved: 0, available: 0, failedReservations: 0 });

export function evolveStockLevel(level: StockLevel | undefined, envelope: EventEnvelope): StockLevel {
  const event = envelope as unknown as StockEvent;
  const s = level ?? EMPTY(event.payload.sku);
  const next = (onHand: number, reserved: number): StockLevel => ({ ...s, onHand, reserved, available: onHand - reserved });
  switch (event.type) {
    case 'stock-received':
      return next(s.onHand + event.payload.quantity, s.reserved);
    case 'stock-reserved':
      return next(s.onHand, s.reserved + event.payload.quantity);
    case 'stock-released':
      return next(s.onHand, s.reserved - event.payload.quantity);
    case 'stock-reservation-committed':
      return next(s.onHand - event.payload.quantity, s.reserved - event.payload.quantity);
    case 'stock-reservation-failed':
      return { ...s, failedReservations: s.failedReservations + 1 };
  }
}

/** One document per SKU, `_id = sku`, written only by the stream `stock-<sku>`. */
export const stockLevelsView: ProjectionView = {
  name: 'stock-levels',
  eventTypes: STOCK_EVENT_TYPES,
  async apply(store, event) {
    const { sku } = event.payload as { sku: string };
    await applyToStreamDocument(store, sku, event, evolveStockLevel, { contiguous: true });
  },
  documents(event) {
    const { sku } = event.payload as { sku: string };
    return event.version === 1 ? { creates: [sku] } : { reads: [sku] };
  },
};

export function readStockLevel(reader: ViewReader, sku: string): Promise<StockLevelDocument | null> {
  return reader.get<StockLevelDocument>(sku);
}
