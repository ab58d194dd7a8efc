import { customerDecider } from '../../shared/domain/crm/customer/customer-decider';
import { customerStreamId } from '../../shared/domain/crm/customer/customer-stream';
import { evolveLead } from '../../shared/domain/crm/lead/lead-decider';
import { initialLeadState } from '../../shared/domain/crm/lead/lead-state';
import { leadStreamId } from '../../shared/domain/crm/lead/lead-stream';
import { stockDecider } from '../../shared/domain/inventory/stock/stock-decider';
import { stockStreamId } from '../../shared/domain/inventory/stock/stock-stream';
import { pointsAccountDecider } from '../../shared/domain/loyalty/points-account/points-account-decider';
import { pointsStreamId } from '../../shared/domain/loyalty/points-account/points-account-stream';
import { orderDecider } from '../../shared/domain/ordering/order/order-decider';
import { orderStreamId } from '../../shared/domain/ordering/order/order-stream';
import { paymentDecider } from '../../shared/domain/payments/payment/payment-decider';
import { paymentStreamId } from '../../shared/domain/payments/payment/payment-stream';
import { shipmentDecider } from '../../shared/domain/shipping/shipment/shipment-decider';
import { shipmentStreamId } from '../../shared/domain/shipping/shipment/shipment-stream';
import type { DomainEvent } from '../../shared/platform/event-store/decider';

/** The business key a stream belongs to, as an operator searches for it. */
export type BusinessKey = 'order' | 'lead' | 'customer' | 'sku';

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
  kind({ kind: 'lead', aggregate: 'Lead', key: 'lead', streamId: leadStreamId, initialState: initialLeadState, evolve: evolveLead }),
  kind({ kind: 'customer', aggregate: 'Customer', key: 'customer', streamId: customerStreamId, initialState: customerDecider.initialState, evolve: customerDecider.evolve }),
  kind({ kind: 'points', aggregate: 'PointsAccount', key: 'customer', streamId: pointsStreamId, initialState: pointsAccountDecider.initialState, evolve: pointsAccountDecider.evolve }),
  kind({ kind: 'stock', aggregate: 'Stock', key: 'sku', streamId: stockStreamId, initialState: stockDecider.initialState, evolve: stockDecider.evolve }),
];

const PREFIXES = STREAM_KINDS.map((k) => ({ kind: k, prefix: k.streamId('') }));

/** The kind of a stream by its id, or undefined for streams the console only lists (no fold known). */
export function streamKindOf(streamId: string): StreamKind | undefined {
  return PREFIXES.find((p) => streamId.startsWith(p.prefix) && streamId.length > p.prefix.length)?.kind;
}

/**
 * The stream ids an operator may mean by `key`: the key itself when it is a stream id, and the
 * streams of every aggregate found by such a business key (an order id names the order, its
 * payment and its shipment; a customer id the customer and the points account; a SKU the stock,
 * which is upper case).
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
