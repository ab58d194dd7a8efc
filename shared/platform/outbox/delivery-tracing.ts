import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { EventEnvelope } from '../event-store/event-envelope';
import { withLogContext } from '../observability/log-context';

const tracer = trace.getTracer('saga-platform.outbox');

/**
 * Runs one delivery in a `relay deliver` span whose parent is the span that appended the event
 * (its stored `traceparent`), so the consumer's work joins the trace of the request behind it.
 * An event without trace context starts a trace of its own. No-op spans while tracing is off.
 */
export function deliverInSpan(subscriber: string, event: EventEnvelope, deliver: () => Promise<void>): Promise<void> {
  const carrier = { ...(event.traceparent ? { traceparent: event.traceparent } : {}), ...(event.tracestate ? { tracestate: event.tracestate } : {}) };
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const attributes = { 'saga.subscriber': subscriber, 'saga.event_type': event.type, 'saga.stream_id': event.streamId, 'saga.stream_version': event.version, 'saga.correlation_id': event.correlationId };
  return tracer.startActiveSpan(`relay deliver ${subscriber}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      await withLogContext({ correlationId: event.correlationId, eventId: event.eventId, subscriber }, deliver);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}
