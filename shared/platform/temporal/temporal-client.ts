import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { tracingStarted } from '../observability/tracing';

/**
 * A lazily connecting client: the API starts (and reports Temporal down on /health)
 * even while Temporal is unreachable, and reconnects when it returns. Workflow starts, signals
 * and updates carry the active trace context in their headers once the process started tracing.
 * Without tracing no header is added: headers do not go through the payload codec, so the
 * history would hold one unencrypted payload (an empty trace context) per start and signal.
 */
export function createTemporalClient(address: string, namespace: string, dataConverter: DataConverter): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address });
  const interceptors = { workflow: tracingStarted() ? [new OpenTelemetryWorkflowClientInterceptor()] : [] };
  return { connection, client: new Client({ connection, namespace, dataConverter, interceptors }) };
}
