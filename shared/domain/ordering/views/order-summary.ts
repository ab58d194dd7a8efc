import type { z } from 'zod';
import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { MessageConsumer } from '../../../platform/messaging/message-consumer';
import { ProjectionOrderError, type DocumentHints, type ProjectionView } from '../../../platform/projections/projection-view';
import { applyToStreamDocument, type StreamDocument } from '../../../platform/projections/stream-document';
import type { ViewReader } from '../../../platform/projections/view-store';
import { stockReservationChangedV1, type StockReservationChangedV1 } from '../../inventory/messages/stock-reservation-changed';
import type { ShippingAddressData } from '../../kernel/shipping-address';
import { orderPointsChangedV1, type OrderPointsChangedV1 } from '../../loyalty/messages/order-points-changed';
import { paymentStatusChangedV1, type PaymentStatusChangedV1 } from '../../payments/messages/payment-status-changed';
import { shipmentStatusChangedV1, type ShipmentStatusChangedV1 } from '../../shipping/messages/shipment-status-changed';
import { ORDER_EVENT_TYPES, type OrderEvent, type OrderLine } from '../order/order-events';
import type { PlacedOrderStatus, ReviewStatus } from '../order/order-state';

/** What one event says about a saga step (steps named as the order fulfilment saga names them). */
export interface StepRecord {
  readonly step: string;
  readonly outcome: 'completed' | 'compensated' | 'failed';
  readonly at: Date;
  readonly reason?: string;
}

export interface OrderRecordPart {
  readonly kind: 'order';
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  readonly shippingAddress: ShippingAddressData;
  readonly totalCents: number;
  readonly currency: string;
  readonly status: PlacedOrderStatus;
  readonly review: ReviewStatus;
  readonly placedAt: Date;
  readonly confirmedAt?: Date;
  readonly closedAt?: Date;
  readonly outcomeReason?: string;
  readonly steps: readonly StepRecord[];
}

export interface PaymentPart {
  readonly kind: 'payment';
  readonly status: 'authorized' | 'declined' | 'captured' | 'voided' | 'refunded';
  readonly amountCents: number;
  readonly authorizationId?: string;
  readonly captureId?: string;
  readonly steps: readonly StepRecord[];
}

export interface ShipmentPart {
  readonly kind: 'shipment';
  readonly status: 'scheduled' | 'cancelled' | 'dispatched';
  readonly carrier: string;
  readonly trackingId: string;
  readonly estimatedDeliveryDate?: string;
  readonly steps: readonly StepRecord[];
}

export interface StockPart {
  readonly kind: 'stock';
  readonly sku: string;
  readonly status: 'reserved' | 'released' | 'committed' | 'failed';
  readonly quantity: number;
  readonly steps: readonly StepRecord[];
}

export interface PointsPart {
  readonly kind: 'points';
  readonly points: number;
  readonly status: 'awarded' | 'revoked';
  readonly steps: readonly StepRecord[];
}

export type OrderSummaryPart = OrderRecordPart | PaymentPart | ShipmentPart | StockPart | PointsPart;
export type OrderSummaryPartDocument = StreamDocument<OrderSummaryPart>;

/** A public message of another context as this view folds it: its type and contract payload. */
type Consumed<T extends string, S extends z.ZodType> = { readonly type: T; readonly payload: z.infer<S> };

/** The order's own stored events, and the other contexts' facts as their public messages (issue 13: views depend on contracts). */
type SourceEvent =
  | OrderEvent
  | Consumed<'payments.payment-status-changed', typeof PaymentStatusChangedV1>
  | Consumed<'shipping.shipment-status-changed', typeof ShipmentStatusChangedV1>
  | Consumed<'inventory.stock-reservation-changed', typeof StockReservationChangedV1>
  | Consumed<'loyalty.order-points-changed', typeof OrderPointsChangedV1>;

const step = (name: string, outcome: StepRecord['outcome'], at: Date, reason?: string): StepRecord =>
  reason === undefined ? { step: name, outcome, at } : { step: name, outcome, at, reason };

function expectKind<K extends OrderSummaryPart['kind']>(part: OrderSummaryPart | undefined, kind: K, event: EventEnvelope): Extract<OrderSummaryPart, { kind: K }> {
  if (part?.kind !== kind) throw new ProjectionOrderError(`${event.type} v${event.version} of ${event.streamId} needs its stream's earlier events`);
  return part as Extract<OrderSummaryPart, { kind: K }>;
}

/** The part of an order's summary that one source stream contributes, after one more event. */
export function evolveOrderSummaryPart(part: OrderSummaryPart | undefined, envelope: EventEnvelope): OrderSummaryPart {
  const event = envelope as unknown as SourceEvent;
  const at = envelope.timestamp;
  const steps = part?.steps ?? [];
  const add: StepAdder = (name, outcome, reason) => [...steps, step(name, outcome, at, reason)];
  switch (event.type) {
    case 'order-placed': {
      const p = event.payload;
      return {
        kind: 'order', orderId: p.orderId, customerId: p.customerId, lines: p.lines, shippingAddress: p.shippingAddress,
        totalCents: p.totalCents, currency: p.currency, status: 'pending', review: 'not-requested', placedAt: at,
        steps: [step('place-order', 'completed', at)],
      };
    }
    case 'order-review-requested':
      return { ...expectKind(part, 'order', envelope), review: 'requested' };
    case 'order-review-approved':
      return { ...expectKind(part, 'order', envelope), review: 'approved', steps: [...steps, step('await-review', 'completed', at)] };
    case 'order-confirmed':
      return { ...expectKind(part, 'order', envelope), status: 'confirmed', confirmedAt: at, steps: [...steps, step('confirm-order', 'completed', at)] };
    case 'order-cancelled':
      return { ...expectKind(part, 'order', envelope), status: 'cancelled', closedAt: at, outcomeReason: event.payload.reason };
    case 'order-rejected': {
      const order = expectKind(part, 'order', envelope);
      const byReview = event.payload.source === 'review';
      return {
        ...order, status: 'rejected', closedAt: at, outcomeReason: event.payload.reason,
        review: byReview ? 'rejected' : order.review,
        steps: byReview ? [...steps, step('await-review', 'failed', at, event.payload.reason)] : steps,
      };
    }
    case 'order-compensation-failed':
      // Kept in the version chain; showing the failed compensations is the view owner's call (issue 10).
      return expectKind(part, 'order', envelope);
    case 'payments.payment-status-changed':
      return evolvePayment(part, event.payload, add, envelope);
    case 'shipping.shipment-status-changed':
      return evolveShipment(part, event.payload, add, envelope);
    case 'inventory.stock-reservation-changed':
      return evolveStock(event.payload, steps, at);
    case 'loyalty.order-points-changed': {
      const p = event.payload;
      return p.status === 'awarded'
        ? { kind: 'points', points: p.points, status: 'awarded', steps: [...steps, step('award-loyalty-points', 'completed', at)] }
        : { kind: 'points', points: p.points, status: 'revoked', steps: [...steps, step('award-loyalty-points', 'compensated', at, p.reason)] };
    }
  }
}

/** Adds one step record to the part's steps. */
type StepAdder = (name: string, outcome: StepRecord['outcome'], reason?: string) => readonly StepRecord[];

function evolvePayment(part: OrderSummaryPart | undefined, p: z.infer<typeof PaymentStatusChangedV1>, add: StepAdder, envelope: EventEnvelope): PaymentPart {
  const amountCents = p.amount.amountCents;
  switch (p.status) {
    case 'authorized':
      return { kind: 'payment', status: 'authorized', amountCents, ...(p.authorizationId === undefined ? {} : { authorizationId: p.authorizationId }), steps: add('authorize-payment', 'completed') };
    case 'declined':
      return { kind: 'payment', status: 'declined', amountCents, steps: add('authorize-payment', 'failed', p.reason) };
    case 'captured':
      return { ...expectKind(part, 'payment', envelope), status: 'captured', ...(p.captureId === undefined ? {} : { captureId: p.captureId }), steps: add('capture-payment', 'completed') };
    case 'voided':
    case 'refunded':
      return { ...expectKind(part, 'payment', envelope), status: p.status, steps: add('authorize-payment', 'compensated', p.reason) };
  }
}

function evolveShipment(part: OrderSummaryPart | undefined, p: z.infer<typeof ShipmentStatusChangedV1>, add: StepAdder, envelope: EventEnvelope): ShipmentPart {
  switch (p.status) {
    case 'scheduled':
      return { kind: 'shipment', status: 'scheduled', carrier: p.carrier, trackingId: p.trackingId, ...(p.estimatedDeliveryDate === undefined ? {} : { estimatedDeliveryDate: p.estimatedDeliveryDate }), steps: add('schedule-shipment', 'completed') };
    case 'cancelled':
      return { ...expectKind(part, 'shipment', envelope), status: 'cancelled', steps: add('schedule-shipment', 'compensated', p.reason) };
    case 'dispatched':
      return { ...expectKind(part, 'shipment', envelope), status: 'dispatched', steps: add('dispatch-shipment', 'completed') };
  }
}

function evolveStock(p: z.infer<typeof StockReservationChangedV1>, steps: readonly StepRecord[], at: Date): StockPart {
  const reserve = `reserve-stock:${p.sku}`;
  const part = { kind: 'stock', sku: p.sku, status: p.status, quantity: p.quantity } as const;
  switch (p.status) {
    case 'reserved':
      return { ...part, steps: [...steps, step(reserve, 'completed', at)] };
    case 'released':
      return { ...part, steps: [...steps, step(reserve, 'compensated', at, p.reason)] };
    case 'committed':
      return { ...part, steps };
    case 'failed':
      return { ...part, steps: [...steps, step(reserve, 'failed', at, `insufficient-stock: ${p.available ?? 0} available, ${p.quantity} requested`)] };
  }
}

/** What the summary folds of other contexts: their public messages, translated from each stored event as a webhook would get them. */
const otherContexts = new MessageConsumer([paymentStatusChangedV1, shipmentStatusChangedV1, stockReservationChangedV1, orderPointsChangedV1]);

const ORDER_TYPES: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);

/** The order's own events; every stored event the consumed messages derive from (the relay filters on stored types). */
export const ORDER_SUMMARY_EVENT_TYPES: readonly string[] = [...ORDER_EVENT_TYPES, ...otherContexts.storedTypes];

/** The part of an order's summary a source contributes: the order itself, its payment, shipment, points, or the stock of one SKU. */
export type PartKey = 'order' | 'payment' | 'shipment' | 'points' | `stock:${string}`;

export const partId = (orderId: string, key: PartKey): string => `${orderId}|${key}`;

function partKey(event: SourceEvent): PartKey {
  switch (event.type) {
    case 'payments.payment-status-changed': return 'payment';
    case 'shipping.shipment-status-changed': return 'shipment';
    case 'loyalty.order-points-changed': return 'points';
    case 'inventory.stock-reservation-changed': return `stock:${event.payload.sku}`;
    default: return 'order';
  }
}

/** Sources whose every event reaches the view (a gap in their versions is an event lost); stock and points streams reach it only in the events naming the order. */
const CONTIGUOUS: ReadonlySet<string> = new Set([...ORDER_EVENT_TYPES, 'payments.payment-status-changed', 'shipping.shipment-status-changed']);

/** The order's own event as is, or the public messages another context's event translates to (see MessageConsumer.sourcesOf). */
export function orderSummarySources(event: EventEnvelope): Promise<EventEnvelope[]> {
  return otherContexts.sourcesOf(event, ORDER_TYPES);
}

/** The part key of each consumed message, by the stored event type it is translated from. */
const PART_OF_MESSAGE: Readonly<Record<string, 'payment' | 'shipment' | 'points' | 'stock'>> = {
  'payments.payment-status-changed': 'payment', 'shipping.shipment-status-changed': 'shipment', 'loyalty.order-points-changed': 'points', 'inventory.stock-reservation-changed': 'stock',
};
const PART_OF_STORED_TYPE: ReadonlyMap<string, 'payment' | 'shipment' | 'points' | 'stock'> = new Map(otherContexts.definitions.flatMap((d) => {
  const key = PART_OF_MESSAGE[d.type];
  return key === undefined ? [] : d.derivedFrom.map((t) => [t, key] as const);
}));

/** Stored events that open an order's part on a shared stream (its first event there). */
const PART_OPENING_TYPES: ReadonlySet<string> = new Set(['stock-reserved', 'stock-reservation-failed', 'points-awarded']);

/** The read-ahead hint for a part: created by this event, or read before it is folded in. */
const createsOrReads = (id: string, creates: boolean): DocumentHints => (creates ? { creates: [id] } : { reads: [id] });

/**
 * One document per (order, source), `_id = "<orderId>|<part key>"`: the order itself, its payment
 * and shipment, the stock of each SKU it reserved, the points it earned. Each is written by one
 * stream alone (no lost updates between streams delivered at once), and the summary is put
 * together on read from a handful of exact-`_id` reads (see readOrderSummary).
 */
export const orderSummaryView: ProjectionView = {
  name: 'order-summary',
  eventTypes: ORDER_SUMMARY_EVENT_TYPES,
  async apply(store, event) {
    for (const source of await orderSummarySources(event)) {
      const { orderId } = source.payload as { orderId: string };
      const id = partId(orderId, partKey(source as unknown as SourceEvent));
      await applyToStreamDocument(store, id, source, evolveOrderSummaryPart, { contiguous: CONTIGUOUS.has(source.type) });
    }
  },
  documents(event) {
    const { orderId, sku } = event.payload as { orderId?: unknown; sku?: unknown };
    if (typeof orderId !== 'string') return {};
    // The order's part starts with its stream, and so do the payment's and the shipment's (one stream
    // per order each, every event of it reaching the part): their first event creates the part. The
    // points and stock parts come from streams shared by many orders: the event that opens an order's
    // part there (a reservation, reserved or failed; points awarded) creates it, the others read ahead.
    // (A wrong `creates`, say on a redelivery, costs a conflict and a retry that reads, never a wrong fold.)
    if (ORDER_TYPES.has(event.type)) return createsOrReads(partId(orderId, 'order'), event.version === 1);
    const part = PART_OF_STORED_TYPE.get(event.type);
    if (part === undefined || (part === 'stock' && typeof sku !== 'string')) return {};
    if (part === 'payment' || part === 'shipment') return createsOrReads(partId(orderId, part), event.version === 1);
    return createsOrReads(partId(orderId, part === 'stock' ? `stock:${String(sku)}` : part), PART_OPENING_TYPES.has(event.type));
  },
};

/** The order's own status, and `dispatched` once a confirmed order's shipment has left (a fact of the shipment stream). */
export type OrderSummaryStatus = OrderRecordPart['status'] | 'dispatched';

export interface OrderSummary {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: OrderSummaryStatus;
  readonly review: OrderRecordPart['review'];
  readonly lines: readonly OrderLine[];
  readonly totalCents: number;
  readonly currency: string;
  readonly shippingAddress: ShippingAddressData;
  readonly placedAt: Date;
  readonly confirmedAt: Date | null;
  readonly closedAt: Date | null;
  readonly outcomeReason: string | null;
  /** Saga steps as far as the events show them: completed in saga order, compensations newest step first. */
  readonly saga: {
    readonly stepsCompleted: readonly string[];
    readonly stepsCompensated: readonly string[];
    readonly stepsFailed: readonly { step: string; reason: string }[];
  };
  readonly payment: Omit<PaymentPart, 'kind' | 'steps'> | null;
  readonly shipment: Omit<ShipmentPart, 'kind' | 'steps'> | null;
  readonly stock: readonly Omit<StockPart, 'kind' | 'steps'>[];
  readonly loyalty: Omit<PointsPart, 'kind' | 'steps'> | null;
  /** Version of the order's own stream that the summary reflects. */
  readonly version: number;
  readonly sources: readonly { streamId: string; version: number }[];
  readonly updatedAt: Date;
}

/** The saga's step order: reservations in line order, all before payment. */
function stepOrder(lines: readonly OrderLine[]): string[] {
  return [
    'place-order', 'await-review', ...lines.map((l) => `reserve-stock:${l.sku}`),
    'authorize-payment', 'schedule-shipment', 'capture-payment', 'award-loyalty-points', 'confirm-order', 'dispatch-shipment',
  ];
}

/** Puts an order's summary together from its parts (pure; the order's own part must be there). */
export function summariseOrder(order: StreamDocument<OrderRecordPart>, others: readonly OrderSummaryPartDocument[]): OrderSummary {
  const o = order.state;
  const parts = [order, ...others];
  const records = parts.flatMap((d) => d.state.steps);
  const has = (s: string, outcome: StepRecord['outcome']) => records.some((r) => r.step === s && r.outcome === outcome);
  const sagaOrder = stepOrder(o.lines);
  const of = <K extends OrderSummaryPart['kind']>(kind: K) => others.filter((d) => d.state.kind === kind).map((d) => d.state as Extract<OrderSummaryPart, { kind: K }>);
  const bare = <P extends { kind: string; steps: unknown }>(p: P): Omit<P, 'kind' | 'steps'> => {
    const { kind: _kind, steps: _steps, ...rest } = p;
    return rest;
  };
  const [payment] = of('payment');
  const [shipment] = of('shipment');
  const [points] = of('points');
  return {
    orderId: o.orderId,
    customerId: o.customerId,
    status: o.status === 'confirmed' && shipment?.status === 'dispatched' ? 'dispatched' : o.status,
    review: o.review,
    lines: o.lines,
    totalCents: o.totalCents,
    currency: o.currency,
    shippingAddress: o.shippingAddress,
    placedAt: o.placedAt,
    confirmedAt: o.confirmedAt ?? null,
    closedAt: o.closedAt ?? null,
    outcomeReason: o.outcomeReason ?? null,
    saga: {
      stepsCompleted: sagaOrder.filter((s) => has(s, 'completed')),
      stepsCompensated: [...sagaOrder].reverse().filter((s) => has(s, 'compensated')),
      stepsFailed: records.filter((r) => r.outcome === 'failed').map((r) => ({ step: r.step, reason: r.reason ?? '' })),
    },
    payment: payment ? bare(payment) : null,
    shipment: shipment ? bare(shipment) : null,
    stock: o.lines.flatMap((l) => of('stock').filter((s) => s.sku === l.sku).map(bare)),
    loyalty: points ? bare(points) : null,
    version: order.version,
    sources: parts.map((d) => ({ streamId: d.streamId, version: d.version })),
    updatedAt: new Date(Math.max(...parts.map((d) => d.updatedAt.getTime()))),
  };
}

/** The parts an order may have besides its own, given its own part. */
export function orderSourceParts(order: OrderRecordPart): PartKey[] {
  return ['payment', 'shipment', 'points', ...order.lines.map((l): PartKey => `stock:${l.sku}`)];
}

export async function readOrderPart(reader: ViewReader, orderId: string): Promise<StreamDocument<OrderRecordPart> | null> {
  return reader.get<StreamDocument<OrderRecordPart>>(partId(orderId, 'order'));
}

export async function readOrderSummary(reader: ViewReader, orderId: string): Promise<OrderSummary | null> {
  const order = await readOrderPart(reader, orderId);
  if (!order) return null;
  const others = await Promise.all(orderSourceParts(order.state).map((key) => reader.get<OrderSummaryPartDocument>(partId(orderId, key))));
  return summariseOrder(order, others.filter((d): d is OrderSummaryPartDocument => d !== null));
}
