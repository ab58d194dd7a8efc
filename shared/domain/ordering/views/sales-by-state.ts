import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { ProjectionOrderError, type ProjectionView } from '../../../platform/projections/projection-view';
import { applyToStreamDocument, type StreamDocument } from '../../../platform/projections/stream-document';
import { updateDocument, type ViewDocument, type ViewReader, type ViewStore } from '../../../platform/projections/view-store';
import { ORDER_EVENT_TYPES, type OrderEvent } from '../order/order-events';
import { STATUS_SET_BY, type PlacedOrderStatus } from '../order/order-state';

/** What one order contributes: where it ships, how much, and whether it counts (confirmed). */
export interface OrderSale {
  readonly orderId: string;
  readonly state: string;
  readonly amountCents: number;
  readonly status: PlacedOrderStatus;
}

export type OrderSaleDocument = StreamDocument<OrderSale>;

export interface StateSales {
  readonly amountCents: number;
  readonly orders: number;
}

/** The talk's `SELECT state, sum(amount), count(*) FROM orders WHERE confirmed GROUP BY state`, kept up to date. */
export interface SalesTotalsDocument extends ViewDocument {
  readonly states: Readonly<Record<string, StateSales>>;
  /**
   * The order contribution of the last change to the totals. Totals and contribution are two
   * documents with no transaction between them: the totals are written first, with this journal,
   * then the contribution; a writer that finds the contribution behind its journal finishes it.
   */
  readonly journal?: OrderSaleDocument;
}

export const SALES_TOTALS_ID = 'totals';
export const saleId = (orderId: string): string => `sale|${orderId}`;

export function evolveOrderSale(sale: OrderSale | undefined, envelope: EventEnvelope): OrderSale {
  const event = envelope as unknown as OrderEvent;
  if (event.type === 'order-placed') {
    const p = event.payload;
    return { orderId: p.orderId, state: p.shippingAddress.state, amountCents: p.totalCents, status: 'pending' };
  }
  if (!sale) throw new ProjectionOrderError(`${event.type} of ${envelope.streamId} arrived before order-placed`);
  const status = STATUS_SET_BY[event.type];
  return status ? { ...sale, status } : sale;
}

/** Only confirmed orders count; an order cancelled after confirmation leaves the totals again. */
export function saleShare(sale: OrderSale | undefined): { state: string; amountCents: number } | null {
  return sale?.status === 'confirmed' ? { state: sale.state, amountCents: sale.amountCents } : null;
}

export function addShare(
  states: Readonly<Record<string, StateSales>>,
  share: { state: string; amountCents: number } | null,
  sign: 1 | -1,
): Record<string, StateSales> {
  const next = { ...states };
  if (!share) return next;
  const current = next[share.state] ?? { amountCents: 0, orders: 0 };
  const updated = { amountCents: current.amountCents + sign * share.amountCents, orders: current.orders + sign };
  if (updated.orders === 0 && updated.amountCents === 0) delete next[share.state];
  else next[share.state] = updated;
  return next;
}

/**
 * Per-order contributions (`_id = "sale|<orderId>"`, written by that order's stream only) and one
 * totals document, changed incrementally. Orders of every state reach the totals at once from
 * different streams; the store's write is a compare-and-set on the totals' revision, so a writer
 * that lost the race reads the new totals and applies its change again. Events that change no
 * order's share (placed, reviewed, rejected before confirmation) touch only their contribution.
 * (Such an event never follows a change whose contribution write was lost: that change was not
 * acknowledged, so the relay hands it over again first.)
 */
export const salesByStateView: ProjectionView = {
  name: 'sales-by-state',
  eventTypes: ORDER_EVENT_TYPES,
  async apply(store, event) {
    const { orderId } = event.payload as { orderId: string };
    const id = saleId(orderId);
    const current = await store.get<OrderSaleDocument>(id);
    if (current && current.version >= event.version) return;
    const before = saleShare(current?.state);
    const after = saleShare(evolveOrderSale(current?.state, event));
    if (JSON.stringify(before) === JSON.stringify(after)) {
      await applyToStreamDocument(store, id, event, evolveOrderSale, { contiguous: true, firstRead: current });
      return;
    }
    await changeTotals(store, id, event);
  },
  documents(event) {
    const sale = saleId((event.payload as { orderId: string }).orderId);
    return event.type === 'order-placed' ? { creates: [sale], reads: [SALES_TOTALS_ID] } : { reads: [sale, SALES_TOTALS_ID] };
  },
};

async function changeTotals(store: ViewStore, id: string, event: EventEnvelope): Promise<void> {
  let contribution: OrderSaleDocument | undefined;
  const changed = await updateDocument<SalesTotalsDocument>(store, SALES_TOTALS_ID, async (totals) => {
    if (totals?.journal) await finishContribution(store, totals.journal);
    const current = await store.get<OrderSaleDocument>(id);
    if (current && current.version >= event.version) return null;
    if (event.version !== (current?.version ?? 0) + 1) throw new ProjectionOrderError(`${id}: ${event.streamId} v${event.version} arrived, v${(current?.version ?? 0) + 1} expected`);
    contribution = { _id: id, streamId: event.streamId, version: event.version, updatedAt: event.timestamp, state: evolveOrderSale(current?.state, event) };
    const states = addShare(addShare(totals?.states ?? {}, saleShare(current?.state), -1), saleShare(contribution.state), 1);
    return { _id: SALES_TOTALS_ID, states, journal: contribution };
  });
  if (changed && contribution) await finishContribution(store, contribution);
}

async function finishContribution(store: ViewStore, contribution: OrderSaleDocument): Promise<void> {
  const current = await store.get<OrderSaleDocument>(contribution._id);
  if (current && current.version >= contribution.version) return;
  const { rev: _rev, ...doc } = contribution;
  await store.put(doc, current);
}

export interface SalesByStateReport {
  readonly states: readonly ({ state: string } & StateSales)[];
  readonly total: StateSales;
}

export async function readSalesByState(reader: ViewReader): Promise<SalesByStateReport> {
  const totals = await reader.get<SalesTotalsDocument>(SALES_TOTALS_ID);
  const states = Object.entries(totals?.states ?? {})
    .map(([state, s]) => ({ state, amountCents: s.amountCents, orders: s.orders }))
    .sort((a, b) => (a.state < b.state ? -1 : 1));
  return {
    states,
    total: states.reduce((t, s) => ({ amountCents: t.amountCents + s.amountCents, orders: t.orders + s.orders }), { amountCents: 0, orders: 0 }),
  };
}
