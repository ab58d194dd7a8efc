import { createRequire } from 'node:module';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import type { Tracing } from '../platform/observability/tracing';

/** The workflow-side interceptors (spans in the sandbox, exported through the `exporter` sink). */
export const TRACING_WORKFLOW_INTERCEPTORS = createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** Activity spans, children of the workflow span that scheduled them (context in the activity headers). */
export const tracingActivityInterceptor: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/**
 * What a worker adds to trace workflows and activities. Only while tracing is on: the workflow
 * interceptors must be bundled with the workflows, and off they would cost a span per call.
 */
export function workerTracingOptions(tracing: Tracing): Pick<WorkerOptions, 'sinks'> & { workflowModules: string[]; activity: ActivityInterceptorsFactory[] } {
  return {
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
    workflowModules: [TRACING_WORKFLOW_INTERCEPTORS],
    activity: [tracingActivityInterceptor],
  };
}
