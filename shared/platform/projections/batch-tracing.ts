import { propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '../event-store/event-envelope';
import { PROJECTIONS_SUBSCRIBER } from './projection-view';

const outbox = trace.getTracer('saga-platform.outbox');
const projections = trace.getTracer('saga-platform.projections');

/**
 * The spans of a batch a view applied, per event: `relay deliver projections` under the span that
 * appended the event (its stored `traceparent`), and `projection apply <view>` under it, both
 * spanning the batch (its events are folded together, so no event has a time of its own). The
 * request behind an event keeps one trace down to the view. No-op spans while tracing is off.
 */
export function traceAppliedBatch(view: string, applied: readonly EventEnvelope[], startedAt: number): void {
  const startTime = performance.timeOrigin + startedAt;
  for (const event of applied) {
    const carrier = { ...(event.traceparent ? { traceparent: event.traceparent } : {}), ...(event.tracestate ? { tracestate: event.tracestate } : {}) };
    const parent = propagation.extract(ROOT_CONTEXT, carrier);
    const common = { 'saga.event_type': event.type, 'saga.stream_id': event.streamId, 'saga.stream_version': event.version, 'saga.correlation_id': event.correlationId };
    const delivery = outbox.startSpan(`relay deliver ${PROJECTIONS_SUBSCRIBER}`, { kind: SpanKind.CONSUMER, startTime, attributes: { 'saga.subscriber': PROJECTIONS_SUBSCRIBER, ...common } }, parent);
    projections.startSpan(`projection apply ${view}`, { startTime, attributes: { 'saga.view': view, ...common } }, trace.setSpan(parent, delivery)).end();
    delivery.end();
  }
}
