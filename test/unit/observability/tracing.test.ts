import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { describe, expect, it } from 'vitest';
import { toEnvelope } from '../../../shared/platform/event-store/commit-document';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { activeTraceContext, storedTraceContext } from '../../../shared/platform/event-store/trace-context';
import { withLogContext } from '../../../shared/platform/observability/log-context';
import { createLogger } from '../../../shared/platform/observability/logger';
import { serviceNameOf, tracingConfigured } from '../../../shared/platform/observability/tracing';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const stored: EventEnvelope = {
  type: 'order-placed', eventId: 'e1', correlationId: 'c1', causationId: 'c1', streamId: 'order-1', version: 1, timestamp: new Date(0), schemaVersion: 1, payload: {},
};

function captureLogs(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk.toString()); done(); } });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('trace context on stored events', () => {
  it('is read back when a stored event has it, and absent from events stored without it (older events)', () => {
    expect(toEnvelope({ ...stored, traceparent: TRACEPARENT, tracestate: 'vendor=1' })).toMatchObject({ traceparent: TRACEPARENT, tracestate: 'vendor=1' });
    const old = toEnvelope(stored);
    expect('traceparent' in old).toBe(false);
    expect('tracestate' in old).toBe(false);
  });

  it('drops a malformed traceparent instead of passing it on', () => {
    expect(storedTraceContext({ traceparent: 'not-a-traceparent' })).toEqual({});
    expect(storedTraceContext({ traceparent: 42 })).toEqual({});
    expect(storedTraceContext({ traceparent: TRACEPARENT, tracestate: '' })).toEqual({ traceparent: TRACEPARENT });
  });

  it('adds nothing while tracing is off (no propagator registered)', () => {
    expect(activeTraceContext()).toEqual({});
  });
});

describe('tracing switch', () => {
  it('is on only with an OTLP endpoint, and off when the SDK is disabled', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });

  it('names each process after its entry file', () => {
    expect(serviceNameOf('/app/api/server.ts')).toBe('saga-api');
    expect(serviceNameOf('/app/workers/temporal-worker.ts')).toBe('saga-temporal-worker');
  });
});

describe('log lines', () => {
  it('carry the enclosing context\'s fields and the active span\'s trace id, still redacted', () => {
    const { stream, lines } = captureLogs();
    const logger = createLogger('test', 'info', stream);
    const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      withLogContext({ correlationId: 'corr-1', eventId: 'evt-1' }, () => {
        context.with(trace.setSpan(context.active(), span), () => logger.info({ apiKey: 'should-not-appear' }, 'inside'));
      });
    } finally {
      context.disable();
    }
    logger.info('outside');
    const [inside, outside] = lines();
    expect(inside).toMatchObject({ correlationId: 'corr-1', eventId: 'evt-1', traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', apiKey: '[REDACTED]', msg: 'inside' });
    expect(outside).not.toHaveProperty('correlationId');
    expect(outside).not.toHaveProperty('traceId');
  });
});
