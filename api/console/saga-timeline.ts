import { evolveOrderSummaryPart, ORDER_SUMMARY_EVENT_TYPES, type OrderSummaryPart, type StepRecord } from '../../shared/domain/ordering/views/order-summary';
import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';

/** One event of an order's saga, and the saga step it completed, compensated or failed, if any. */
export interface TimelineEntry {
  readonly at: string;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly step: string | null;
  readonly outcome: StepRecord['outcome'] | null;
  readonly reason: string | null;
}

/** The events of `streamEvents` that concern the order: all of its own streams, and those of shared streams (stock, points) naming it. */
export function eventsOfOrder(orderId: string, events: readonly EventEnvelope[]): EventEnvelope[] {
  return events.filter((e) => ORDER_SUMMARY_EVENT_TYPES.includes(e.type) && (e.payload as { orderId?: unknown }).orderId === orderId);
}

/**
 * The saga of one order as a timeline: every event about it across its streams, oldest first,
 * each tagged with the step it records as the order summary view reads it (forward steps
 * completed or failed, compensations). Events of one stream keep their order; streams interleave
 * by timestamp.
 */
export function sagaTimeline(streams: readonly (readonly EventEnvelope[])[]): TimelineEntry[] {
  const entries: { entry: TimelineEntry; ms: number }[] = [];
  for (const events of streams) {
    let part: OrderSummaryPart | undefined;
    for (const event of events) {
      const before = part?.steps.length ?? 0;
      part = evolveOrderSummaryPart(part, event);
      const record: StepRecord | undefined = part.steps.length > before ? part.steps.at(-1) : undefined;
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
