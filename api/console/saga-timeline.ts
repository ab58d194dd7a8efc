import { stockStreamId } from '../../shared/domain/inventory/stock/stock-stream';
import { pointsStreamId } from '../../shared/domain/loyalty/points-account/points-account-stream';
import type { OrderCompensationFailedPayload, OrderPlacedPayload } from '../../shared/domain/ordering/order/order-events';
import { orderStreamId } from '../../shared/domain/ordering/order/order-stream';
import { evolveOrderSummaryPart, ORDER_SUMMARY_EVENT_TYPES, orderSummarySources, type OrderSummaryPart, type StepRecord } from '../../shared/domain/ordering/views/order-summary';
import { paymentStreamId } from '../../shared/domain/payments/payment/payment-stream';
import { shipmentStreamId } from '../../shared/domain/shipping/shipment/shipment-stream';
import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';

/** A step's outcome as the timeline shows it: the view's, or an undo that failed for good. */
export type TimelineOutcome = StepRecord['outcome'] | 'compensation-failed';

/** One event of an order's saga, and the saga step it completed, compensated or failed, if any. */
export interface TimelineEntry {
  readonly at: string;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly step: string | null;
  readonly outcome: TimelineOutcome | null;
  readonly reason: string | null;
}

/** Every stream that may hold events about the order: its own, its payment and shipment, the stock of each SKU, the customer's points. */
export function orderStreams(placed: OrderPlacedPayload): string[] {
  return [...new Set([
    orderStreamId(placed.orderId),
    paymentStreamId(placed.orderId),
    shipmentStreamId(placed.orderId),
    ...placed.lines.map((l) => stockStreamId(l.sku)),
    pointsStreamId(placed.customerId),
  ])];
}

/** The events of `streamEvents` that concern the order: all of its own streams, and those of shared streams (stock, points) naming it. */
export function eventsOfOrder(orderId: string, events: readonly EventEnvelope[]): EventEnvelope[] {
  return events.filter((e) => ORDER_SUMMARY_EVENT_TYPES.includes(e.type) && (e.payload as { orderId?: unknown }).orderId === orderId);
}

/**
 * The saga of one order as a timeline: every stored event about it across its streams, oldest
 * first, each tagged with the step it records as the order summary view reads it (forward steps
 * completed or failed, compensations; the order's record of undos that failed for good, which the
 * view leaves out). Events of one stream keep their order; streams interleave by timestamp.
 */
export async function sagaTimeline(streams: readonly (readonly EventEnvelope[])[]): Promise<TimelineEntry[]> {
  const entries: { entry: TimelineEntry; ms: number }[] = [];
  for (const events of streams) {
    let part: OrderSummaryPart | undefined;
    for (const event of events) {
      let record: Pick<StepRecord, 'step' | 'reason'> & { outcome: TimelineOutcome } | undefined;
      for (const source of await orderSummarySources(event)) {
        const before = part?.steps.length ?? 0;
        part = evolveOrderSummaryPart(part, source);
        if (part.steps.length > before) record = part.steps.at(-1);
      }
      if (event.type === 'order-compensation-failed') record = compensationFailure(event.payload as OrderCompensationFailedPayload);
      entries.push({
        ms: event.timestamp.getTime(),
        entry: {
          at: event.timestamp.toISOString(),
          streamId: event.streamId,
          version: event.version,
          eventId: event.eventId,
          eventType: event.type,
          step: record?.step ?? null,
          outcome: record?.outcome ?? null,
          reason: record?.reason ?? null,
        },
      });
    }
  }
  // A stable sort: equal timestamps keep stream order.
  return entries.sort((a, b) => a.ms - b.ms).map((e) => e.entry);
}

function compensationFailure(payload: OrderCompensationFailedPayload): { step: string; outcome: TimelineOutcome; reason: string } {
  return {
    step: payload.failures.map((f) => f.step).join(', '),
    outcome: 'compensation-failed',
    reason: payload.failures.map((f) => (payload.failures.length > 1 ? `${f.step}: ${f.reason}` : f.reason)).join('; '),
  };
}
