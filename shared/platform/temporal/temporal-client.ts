import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

/**
 * A lazily connecting client: the API starts (and reports Temporal down on /health)
 * even while Temporal is unreachable, and reconnects when it returns. Workflow starts, signals
 * and updates carry the active trace context in their headers (nothing while tracing is off).
 */
export function createTemporalClient(address: string, namespace: string, dataConverter: DataConverter): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address });
  const interceptors = { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
  return { connection, client: new Client({ connection, namespace, dataConverter, interceptors }) };
}
