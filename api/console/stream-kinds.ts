import { customerDecider } from '../../shared/domain/crm/customer/customer-decider';
import { customerStreamId } from '../../shared/domain/crm/customer/customer-stream';
import { evolveLead } from '../../shared/domain/crm/lead/lead-decider';
import { initialLeadState } from '../../shared/domain/crm/lead/lead-state';
import { leadStreamId } from '../../shared/domain/crm/lead/lead-stream';
import { stockDecider } from '../../shared/domain/inventory/stock/stock-decider';
import { returnedStockDecider } from '../../shared/domain/inventory/returns/returned-stock-decider';
import { returnedStockStreamId } from '../../shared/domain/inventory/returns/returned-stock-stream';
import { stockStreamId } from '../../shared/domain/inventory/stock/stock-stream';
import { pointsAccountDecider } from '../../shared/domain/loyalty/points-account/points-account-decider';
import { pointsStreamId } from '../../shared/domain/loyalty/points-account/points-account-stream';
import { returnPointsDecider } from '../../shared/domain/loyalty/returns/return-points-decider';
import { returnPointsStreamId } from '../../shared/domain/loyalty/returns/return-points-stream';
import { orderDecider } from '../../shared/domain/ordering/order/order-decider';
import { orderStreamId } from '../../shared/domain/ordering/order/order-stream';
import { orderReturnsDecider } from '../../shared/domain/ordering/returns/order-returns-decider';
import { orderReturnsStreamId } from '../../shared/domain/ordering/returns/order-returns-stream';
import { paymentDecider } from '../../shared/domain/payments/payment/payment-decider';
import { paymentStreamId } from '../../shared/domain/payments/payment/payment-stream';
import { returnRefundDecider } from '../../shared/domain/payments/returns/return-refund-decider';
import { returnRefundStreamId } from '../../shared/domain/payments/returns/return-refund-stream';
import { shipmentDecider } from '../../shared/domain/shipping/shipment/shipment-decider';
import { returnShipmentDecider } from '../../shared/domain/shipping/returns/return-shipment-decider';
import { returnShipmentStreamId } from '../../shared/domain/shipping/returns/return-shipment-stream';
import { shipmentStreamId } from '../../shared/domain/shipping/shipment/shipment-stream';
import type { DomainEvent } from '../../shared/platform/event-store/decider';

/** The business key a stream belongs to, as an operator searches for it. */
export type BusinessKey = 'order' | 'return' | 'lead' | 'customer' | 'sku';

/** How the console reads one kind of stream: its aggregate, the key it is found by, and how its state folds. */
export interface StreamKind {
  readonly kind: string;
  readonly aggregate: string;
  readonly key: BusinessKey;
  readonly streamId: (key: string) => string;
  readonly initialState: unknown;
  readonly evolve: (state: unknown, event: DomainEvent) => unknown;
}

/** Widens a typed evolve to the console's untyped fold; events come from the store in the aggregate's own stream. */
function kind<S, E extends DomainEvent>(
  spec: Omit<StreamKind, 'initialState' | 'evolve'> & { readonly initialState: S; readonly evolve: (state: S, event: E) => S },
): StreamKind {
  return spec as unknown as StreamKind;
}

/** Every aggregate stream of the bounded contexts, by the stream id prefix its stream-id function gives. */
export const STREAM_KINDS: readonly StreamKind[] = [
  kind({ kind: 'order', aggregate: 'Order', key: 'order', streamId: orderStreamId, initialState: orderDecider.initialState, evolve: orderDecider.evolve }),
  kind({ kind: 'payment', aggregate: 'Payment', key: 'order', streamId: paymentStreamId, initialState: paymentDecider.initialState, evolve: paymentDecider.evolve }),
  kind({ kind: 'shipment', aggregate: 'Shipment', key: 'order', streamId: shipmentStreamId, initialState: shipmentDecider.initialState, evolve: shipmentDecider.evolve }),
  kind({ kind: 'order-returns', aggregate: 'OrderReturns', key: 'order', streamId: orderReturnsStreamId, initialState: orderReturnsDecider.initialState, evolve: orderReturnsDecider.evolve }),
  kind({ kind: 'return-refund', aggregate: 'ReturnRefund', key: 'return', streamId: returnRefundStreamId, initialState: returnRefundDecider.initialState, evolve: returnRefundDecider.evolve }),
  kind({ kind: 'return-shipment', aggregate: 'ReturnShipment', key: 'return', streamId: returnShipmentStreamId, initialState: returnShipmentDecider.initialState, evolve: returnShipmentDecider.evolve }),
  kind({ kind: 'returned-stock', aggregate: 'ReturnedStock', key: 'return', streamId: returnedStockStreamId, initialState: returnedStockDecider.initialState, evolve: returnedStockDecider.evolve }),
  kind({ kind: 'return-points', aggregate: 'ReturnPoints', key: 'return', streamId: returnPointsStreamId, initialState: returnPointsDecider.initialState, evolve: returnPointsDecider.evolve }),
  kind({ kind: 'lead', aggregate: 'Lead', key: 'lead', streamId: leadStreamId, initialState: initialLeadState, evolve: evolveLead }),
  kind({ kind: 'customer', aggregate: 'Customer', key: 'customer', streamId: customerStreamId, initialState: customerDecider.initialState, evolve: customerDecider.evolve }),
  kind({ kind: 'points', aggregate: 'PointsAccount', key: 'customer', streamId: pointsStreamId, initialState: pointsAccountDecider.initialState, evolve: pointsAccountDecider.evolve }),
  kind({ kind: 'stock', aggregate: 'Stock', key: 'sku', streamId: stockStreamId, initialState: stockDecider.initialState, evolve: stockDecider.evolve }),
];

// Longest prefix first: `order-returns-o-1` is the returns of order o-1, not the order `returns-o-1`.
const PREFIXES = STREAM_KINDS.map((k) => ({ kind: k, prefix: k.streamId('') })).sort((a, b) => b.prefix.length - a.prefix.length);

/** The kind of a stream by its id, or undefined for streams the console only lists (no fold known). */
export function streamKindOf(streamId: string): StreamKind | undefined {
  return PREFIXES.find((p) => streamId.startsWith(p.prefix) && streamId.length > p.prefix.length)?.kind;
}

/**
 * The stream ids an operator may mean by `key`: the key itself when it is a stream id, and the
 * streams of every aggregate found by such a business key (an order id names the order, its
 * payment, its shipment and its returns; a return id its refund, parcel, returned stock and
 * points; a customer id the customer and the points account; a SKU the stock, which is upper case).
 */
export function candidateStreams(key: string, only?: BusinessKey): { streamId: string; kind: StreamKind | undefined }[] {
  const candidates = new Map<string, StreamKind | undefined>();
  if (only === undefined) candidates.set(key, streamKindOf(key));
  for (const k of STREAM_KINDS) {
    if (only !== undefined && k.key !== only) continue;
    candidates.set(k.streamId(key), k);
    if (k.key === 'sku') candidates.set(k.streamId(key.toUpperCase()), k);
  }
  return [...candidates].map(([streamId, kind]) => ({ streamId, kind }));
}
