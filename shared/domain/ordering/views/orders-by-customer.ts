import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { ProjectionOrderError, type ProjectionView } from '../../../platform/projections/projection-view';
import { updateDocument, type ViewDocument, type ViewReader } from '../../../platform/projections/view-store';
import { ORDER_EVENT_TYPES, type OrderEvent } from '../order/order-events';
import { STATUS_SET_BY, type PlacedOrderStatus } from '../order/order-state';

/** One order in a customer's list. `version` is the last applied version of that order's stream. */
export interface CustomerOrderEntry {
  readonly orderId: string;
  readonly version: number;
  readonly status: PlacedOrderStatus;
  readonly totalCents: number;
  readonly currency: string;
  readonly itemCount: number;
  readonly shipToState: string;
  readonly placedAt: Date;
  readonly updatedAt: Date;
}

/** `_id = "customer|<customerId>"`: every order of the customer, newest first. */
export interface CustomerOrdersDocument extends ViewDocument {
  readonly customerId: string;
  readonly orders: readonly CustomerOrderEntry[];
}

/** `_id = "order|<orderId>"`: which customer an order belongs to (only order-placed names them). */
export interface OrderOwnerDocument extends ViewDocument {
  readonly orderId: string;
  readonly customerId: string;
}

export const customerOrdersId = (customerId: string): string => `customer|${customerId}`;
const ownerId = (orderId: string): string => `order|${orderId}`;

const newestFirst = (a: CustomerOrderEntry, b: CustomerOrderEntry): number =>
  b.placedAt.getTime() - a.placedAt.getTime() || (a.orderId < b.orderId ? 1 : a.orderId > b.orderId ? -1 : 0);

/** The customer's list after one event of one of their orders; null when the list already reflects it. */
export function evolveCustomerOrders(orders: readonly CustomerOrderEntry[], envelope: EventEnvelope): CustomerOrderEntry[] | null {
  const event = envelope as unknown as OrderEvent;
  const entry = orders.find((o) => o.orderId === event.payload.orderId);
  if (entry && entry.version >= envelope.version) return null;
  if (envelope.version !== (entry?.version ?? 0) + 1) {
    throw new ProjectionOrderError(`${envelope.streamId} v${envelope.version} arrived, v${(entry?.version ?? 0) + 1} expected (an event never reached this view)`);
  }
  const at = envelope.timestamp;
  let next: CustomerOrderEntry;
  if (event.type === 'order-placed') {
    const p = event.payload;
    next = {
      orderId: p.orderId, version: envelope.version, status: 'pending', totalCents: p.totalCents, currency: p.currency,
      itemCount: p.lines.reduce((n, l) => n + l.quantity, 0), shipToState: p.shippingAddress.state, placedAt: at, updatedAt: at,
    };
  } else {
    if (!entry) throw new ProjectionOrderError(`${event.type} v${envelope.version} of ${envelope.streamId} arrived before order-placed`);
    next = { ...entry, status: STATUS_SET_BY[event.type] ?? entry.status, version: envelope.version, updatedAt: at };
  }
  return [...orders.filter((o) => o.orderId !== next.orderId), next].sort(newestFirst);
}

/**
 * One document per customer holding all their orders, so a page is one exact-`_id` read (any
 * other filter is a full collection scan on FerretDB). Orders of one customer are delivered
 * concurrently (one stream each); the store's write is a compare-and-set on the document's
 * revision, so the slower of two writers reads again and retries instead of losing an update.
 * Each entry keeps its order stream's version, which makes a redelivered event a no-op.
 */
export const ordersByCustomerView: ProjectionView = {
  name: 'orders-by-customer',
  eventTypes: ORDER_EVENT_TYPES,
  async apply(store, envelope) {
    const event = envelope as unknown as OrderEvent;
    const { orderId } = event.payload;
    let customerId: string;
    if (event.type === 'order-placed') {
      customerId = event.payload.customerId;
      await updateDocument<OrderOwnerDocument>(store, ownerId(orderId), (current) => (current ? null : { _id: ownerId(orderId), orderId, customerId }));
    } else {
      const owner = await store.get<OrderOwnerDocument>(ownerId(orderId));
      if (!owner) throw new ProjectionOrderError(`${event.type} of ${envelope.streamId} arrived before order-placed`);
      customerId = owner.customerId;
    }
    const id = customerOrdersId(customerId);
    await updateDocument<CustomerOrdersDocument>(store, id, (current) => {
      const orders = evolveCustomerOrders(current?.orders ?? [], envelope);
      return orders && { _id: id, customerId, orders };
    });
  },
  documents(envelope) {
    const event = envelope as unknown as OrderEvent;
    const owner = ownerId(event.payload.orderId);
    return event.type === 'order-placed' ? { creates: [owner], reads: [customerOrdersId(event.payload.customerId)] } : { reads: [owner] };
  },
};

export interface CustomerOrdersPage {
  readonly customerId: string;
  readonly orders: readonly CustomerOrderEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
  /** Orders matching the filter, all pages together. */
  readonly total: number;
}

export interface CustomerOrdersQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly status?: CustomerOrderEntry['status'];
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

function encodeCursor(entry: CustomerOrderEntry): string {
  return Buffer.from(`${entry.placedAt.getTime()}|${entry.orderId}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { placedAt: number; orderId: string } {
  const [ms, orderId, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!ms || !/^\d+$/.test(ms) || !orderId || extra !== undefined) throw new InvalidCursorError('cursor is not one this API handed out');
  return { placedAt: Number(ms), orderId };
}

/** Newest first; the cursor names the last order of the previous page, so pages stay stable as orders arrive. */
export function pageCustomerOrders(customerId: string, orders: readonly CustomerOrderEntry[], query: CustomerOrdersQuery): CustomerOrdersPage {
  const matching = query.status ? orders.filter((o) => o.status === query.status) : orders;
  let start = 0;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    const probe = { placedAt: new Date(after.placedAt), orderId: after.orderId } as CustomerOrderEntry;
    start = matching.findIndex((o) => newestFirst(probe, o) < 0);
    if (start < 0) start = matching.length;
  }
  const page = matching.slice(start, start + query.limit);
  const last = page.at(-1);
  return { customerId, orders: page, nextCursor: last && start + query.limit < matching.length ? encodeCursor(last) : null, total: matching.length };
}

export async function readCustomerOrders(reader: ViewReader, customerId: string): Promise<CustomerOrdersDocument | null> {
  return reader.get<CustomerOrdersDocument>(customerOrdersId(customerId));
}
