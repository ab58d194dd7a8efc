import { STOCK_EVENT_TYPES, type StockEvent } from '../../inventory/stock/stock-events';
import type { ShippingAddressData } from '../../kernel/shipping-address';
import { POINTS_ACCOUNT_EVENT_TYPES, type PointsAccountEvent } from '../../loyalty/points-account/points-account-events';
import { pointsStreamId } from '../../loyalty/points-account/points-account-stream';
import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { PAYMENT_EVENT_TYPES, type PaymentEvent } from '../../payments/payment/payment-events';
import { paymentStreamId } from '../../payments/payment/payment-stream';
import { ProjectionOrderError, type ProjectionView } from '../../../platform/projections/projection-view';
import { applyToStreamDocument, type StreamDocument } from '../../../platform/projections/stream-document';
import type { ViewReader } from '../../../platform/projections/view-store';
import { SHIPMENT_EVENT_TYPES, type ShipmentEvent } from '../../shipping/shipment/shipment-events';
import { shipmentStreamId } from '../../shipping/shipment/shipment-stream';
import { stockStreamId } from '../../inventory/stock/stock-stream';
import { ORDER_EVENT_TYPES, type OrderEvent, type OrderLine } from '../order/order-events';
import type { PlacedOrderStatus, ReviewStatus } from '../order/order-state';
import { orderStreamId } from '../order/order-stream';

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

type SourceEvent = OrderEvent | PaymentEvent | ShipmentEvent | StockEvent | PointsAccountEvent;

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
    case 'payment-authorized':
      return { kind: 'payment', status: 'authorized', amountCents: event.payload.amount.amountCents, authorizationId: event.payload.authorizationId, steps: [...steps, step('authorize-payment', 'completed', at)] };
    case 'payment-declined':
      return { kind: 'payment', status: 'declined', amountCents: event.payload.amountCents, steps: [...steps, step('authorize-payment', 'failed', at, `${event.payload.declineCode}: ${event.payload.reason}`)] };
    case 'payment-captured':
      return { ...expectKind(part, 'payment', envelope), status: 'captured', captureId: event.payload.captureId, steps: [...steps, step('capture-payment', 'completed', at)] };
    case 'payment-voided':
      return { ...expectKind(part, 'payment', envelope), status: 'voided', steps: [...steps, step('authorize-payment', 'compensated', at, event.payload.reason)] };
    case 'payment-refunded':
      return { ...expectKind(part, 'payment', envelope), status: 'refunded', steps: [...steps, step('authorize-payment', 'compensated', at, event.payload.reason)] };
    case 'shipment-scheduled': {
      const p = event.payload;
      return { kind: 'shipment', status: 'scheduled', carrier: p.carrier, trackingId: p.trackingId, estimatedDeliveryDate: p.estimatedDeliveryDate, steps: [...steps, step('schedule-shipment', 'completed', at)] };
    }
    case 'shipment-cancelled':
      return { ...expectKind(part, 'shipment', envelope), status: 'cancelled', steps: [...steps, step('schedule-shipment', 'compensated', at, event.payload.reason)] };
    case 'shipment-dispatched':
      return { ...expectKind(part, 'shipment', envelope), status: 'dispatched', steps: [...steps, step('dispatch-shipment', 'completed', at)] };
    case 'stock-reserved':
      return { kind: 'stock', sku: event.payload.sku, status: 'reserved', quantity: event.payload.quantity, steps: [...steps, step(`reserve-stock:${event.payload.sku}`, 'completed', at)] };
    case 'stock-released':
      return { kind: 'stock', sku: event.payload.sku, status: 'released', quantity: event.payload.quantity, steps: [...steps, step(`reserve-stock:${event.payload.sku}`, 'compensated', at, event.payload.reason)] };
    case 'stock-reservation-committed':
      return { kind: 'stock', sku: event.payload.sku, status: 'committed', quantity: event.payload.quantity, steps };
    case 'stock-reservation-failed': {
      const p = event.payload;
      return { kind: 'stock', sku: p.sku, status: 'failed', quantity: p.requested, steps: [...steps, step(`reserve-stock:${p.sku}`, 'failed', at, `insufficient-stock: ${p.available} available, ${p.requested} requested`)] };
    }
    case 'points-awarded':
      return { kind: 'points', points: event.payload.points, status: 'awarded', steps: [...steps, step('award-loyalty-points', 'completed', at)] };
    case 'points-revoked':
      return { kind: 'points', points: event.payload.points, status: 'revoked', steps: [...steps, step('award-loyalty-points', 'compensated', at, event.payload.reason)] };
    case 'stock-received':
      throw new Error('stock-received concerns no order');
  }
}

/** Events about one order: every order, payment and shipment event; stock and points events naming an order. */
export const ORDER_SUMMARY_EVENT_TYPES: readonly string[] = [
  ...ORDER_EVENT_TYPES,
  ...PAYMENT_EVENT_TYPES,
  ...SHIPMENT_EVENT_TYPES,
  ...STOCK_EVENT_TYPES.filter((t) => t !== 'stock-received'),
  ...POINTS_ACCOUNT_EVENT_TYPES,
];

export const partId = (orderId: string, streamId: string): string => `${orderId}|${streamId}`;

const PART_STARTERS: ReadonlySet<string> = new Set(['stock-reserved', 'stock-reservation-failed', 'points-awarded']);

/**
 * One document per (order, source stream), `_id = "<orderId>|<streamId>"`: the order's own
 * stream, its payment and shipment, the stock of each SKU it reserved, the customer's points.
 * Each is written by its stream alone (no lost updates between streams delivered at once), and
 * the summary is put together on read from a handful of exact-`_id` reads (see readOrderSummary).
 */
export const orderSummaryView: ProjectionView = {
  name: 'order-summary',
  eventTypes: ORDER_SUMMARY_EVENT_TYPES,
  async apply(store, event) {
    const { orderId } = event.payload as { orderId: string };
    // The order's own streams reach the view whole; stock and points streams only in the events naming it.
    const contiguous = [orderStreamId(orderId), paymentStreamId(orderId), shipmentStreamId(orderId)].includes(event.streamId);
    await applyToStreamDocument(store, partId(orderId, event.streamId), event, evolveOrderSummaryPart, { contiguous });
  },
  documents(event) {
    const id = partId((event.payload as { orderId: string }).orderId, event.streamId);
    // A part starts with its stream (order, payment, shipment), or with the order's first event in a
    // stock or points stream (an order reserves a SKU once and earns points once).
    return event.version === 1 || PART_STARTERS.has(event.type) ? { creates: [id] } : { reads: [id] };
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

/** The streams that may hold parts of an order, given its own part. */
export function orderSourceStreams(order: OrderRecordPart): string[] {
  return [
    paymentStreamId(order.orderId),
    shipmentStreamId(order.orderId),
    pointsStreamId(order.customerId),
    ...order.lines.map((l) => stockStreamId(l.sku)),
  ];
}

export async function readOrderPart(reader: ViewReader, orderId: string): Promise<StreamDocument<OrderRecordPart> | null> {
  return reader.get<StreamDocument<OrderRecordPart>>(partId(orderId, orderStreamId(orderId)));
}

export async function readOrderSummary(reader: ViewReader, orderId: string): Promise<OrderSummary | null> {
  const order = await readOrderPart(reader, orderId);
  if (!order) return null;
  const others = await Promise.all(orderSourceStreams(order.state).map((s) => reader.get<OrderSummaryPartDocument>(partId(orderId, s))));
  return summariseOrder(order, others.filter((d): d is OrderSummaryPartDocument => d !== null));
}
