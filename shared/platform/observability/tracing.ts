import { basename, extname } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { Resource } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A process's tracing, once started: what the Temporal worker hands its workflow span sink. */
export interface Tracing {
  readonly serviceName: string;
  readonly resource: Resource;
  readonly spanProcessor: SpanProcessor;
  /** Flushes the spans not yet exported. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  readonly serviceName: string;
  /** Where spans go; default: OTLP to OTEL_EXPORTER_OTLP_ENDPOINT (the standard variables). Tests pass an in-memory one. */
  readonly spanProcessor?: SpanProcessor;
  readonly env?: NodeJS.ProcessEnv;
}

/** Tracing is on when an OTLP endpoint is set and the SDK is not disabled (the standard variables). */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/** Set once this process has started tracing (see tracingStarted). */
let started = false;

/**
 * Starts OpenTelemetry for this process: W3C trace-context propagation, the async-hooks context
 * manager, the MongoDB driver's instrumentation, and a batch exporter over OTLP. Without an
 * OTLP endpoint (and without `spanProcessor`) nothing is installed and every span of the
 * platform is the API's no-op span: tracing off costs nothing but a function call.
 * Call it before the MongoDB driver is loaded (first import of the process's entry file), or
 * its instrumentation has nothing to patch.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  const env = options.env ?? process.env;
  if (!options.spanProcessor && !tracingConfigured(env)) return undefined;
  started = true;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || options.serviceName;
  const resource = new Resource({ 'service.name': serviceName });
  const spanProcessor = options.spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter());
  const sdk = new NodeSDK({
    serviceName,
    resource,
    spanProcessors: [spanProcessor],
    // Traces only: logs stay in pino, metrics in Prometheus.
    logRecordProcessors: [],
    // Driver spans only inside a traced operation: the relay's and projector's polls would otherwise each start a trace.
    // Statements are recorded without their values (no payload or personal data in spans).
    instrumentations: [new MongoDBInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true })],
  });
  sdk.start();
  return { serviceName, resource, spanProcessor, shutdown: () => sdk.shutdown() };
}

/** Whether this process started tracing (so that Temporal clients carry the trace context in workflow headers). */
export function tracingStarted(): boolean {
  return started;
}

/** The service name of an entry file: `workers/projector.ts` → `saga-projector`, `api/server.ts` → `saga-api`. */
export function serviceNameOf(entryFile: string | undefined): string {
  const name = entryFile ? basename(entryFile, extname(entryFile)) : 'process';
  return `saga-${name === 'server' ? 'api' : name}`;
}
