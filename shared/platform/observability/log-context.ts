import { AsyncLocalStorage } from 'node:async_hooks';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';

type LogFields = Readonly<Record<string, string | number>>;

const fields = new AsyncLocalStorage<LogFields>();

/** Runs `work` with these fields on every log line written meanwhile (and by what it starts). */
export function withLogContext<T>(extra: LogFields, work: () => T): T {
  return fields.run({ ...fields.getStore(), ...extra }, work);
}

/**
 * The fields a log line gets from where it is written: the active span's trace and span ids
 * (while tracing is on) and the fields of the enclosing `withLogContext`, e.g. the correlation id
 * of the event being delivered. The pino mixin of every platform logger.
 */
export function logContextFields(): Record<string, string | number> {
  const out: Record<string, string | number> = { ...fields.getStore() };
  const span = trace.getSpan(context.active())?.spanContext();
  if (span && isSpanContextValid(span)) {
    out.traceId = span.traceId;
    out.spanId = span.spanId;
  }
  return out;
}
