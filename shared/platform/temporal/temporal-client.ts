import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';

/**
 * A lazily connecting client: the API starts (and reports Temporal down on /health)
 * even while Temporal is unreachable, and reconnects when it returns.
 */
export function createTemporalClient(address: string, namespace: string, dataConverter: DataConverter): { client: Client; connection: Connection } {
  const connection = Connection.lazy({ address });
  return { connection, client: new Client({ connection, namespace, dataConverter }) };
}
