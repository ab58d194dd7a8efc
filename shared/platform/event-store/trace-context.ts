import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * W3C trace context as stored on an event (`traceparent`, optional `tracestate`), so that the
 * relay, the projector and webhook deliveries continue the trace of the request that caused it.
 * Events stored before tracing existed, or while it is off, have neither field.
 */
export interface StoredTraceContext {
  readonly traceparent?: string;
  readonly tracestate?: string;
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const tracer = trace.getTracer('saga-platform.event-store');

/** The active span's context, as the registered propagator writes it; empty while tracing is off. */
export function activeTraceContext(): StoredTraceContext {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const { traceparent, tracestate } = carrier;
  if (traceparent === undefined || !TRACEPARENT.test(traceparent)) return {};
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The fields of a stored event that carry trace context, when they are well formed. */
export function storedTraceContext(stored: { readonly traceparent?: unknown; readonly tracestate?: unknown }): StoredTraceContext {
  if (typeof stored.traceparent !== 'string' || !TRACEPARENT.test(stored.traceparent)) return {};
  return typeof stored.tracestate === 'string' && stored.tracestate !== '' ? { traceparent: stored.traceparent, tracestate: stored.tracestate } : { traceparent: stored.traceparent };
}

/** Runs one append inside an `event-store append` span (a no-op span while tracing is off). */
export function inAppendSpan<T>(streamId: string, append: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan('event-store append', { kind: SpanKind.INTERNAL, attributes: { 'saga.stream_id': streamId } }, async (span) => {
    try {
      return await append();
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}
