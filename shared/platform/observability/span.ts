import { SpanStatusCode, trace, type Attributes, type SpanKind } from '@opentelemetry/api';

/**
 * Runs `work` in a child span of the active one, named `name`, marking it failed when `work`
 * throws. The tracer is resolved through the global provider: a no-op span while tracing is off.
 */
export function inSpan<T>(tracerName: string, name: string, attributes: Attributes, work: () => Promise<T>, kind?: SpanKind): Promise<T> {
  return trace.getTracer(tracerName).startActiveSpan(name, { attributes, ...(kind === undefined ? {} : { kind }) }, async (span) => {
    try {
      return await work();
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}
