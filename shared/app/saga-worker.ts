import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { ACTIVITY_INTERCEPTORS, type Activities } from '../../activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface SagaWorkerOptions {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly activities: Activities;
  /** The production data converter (appDataConverter): the same as the clients' and replay's. */
  readonly dataConverter: DataConverter;
  /** A pre-built bundle (bundleWorkflowCode) for fast start; otherwise workflows are bundled now. */
  readonly workflowBundlePath?: string;
  readonly overrides?: Partial<WorkerOptions>;
}

export async function createSagaWorker(options: SagaWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    dataConverter: options.dataConverter,
    interceptors: ACTIVITY_INTERCEPTORS,
    ...(options.workflowBundlePath ? { workflowBundle: { codePath: options.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    ...options.overrides,
  });
  return { worker, connection };
}
