import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { ACTIVITY_INTERCEPTORS, type Activities } from '../../activities';
import type { Tracing } from '../platform/observability/tracing';
import { workerTracingOptions } from './worker-tracing';

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
  /** The process's tracing, when on: workflow and activity spans (the workflows are then bundled now, with the tracing interceptors). */
  readonly tracing?: Tracing;
  readonly overrides?: Partial<WorkerOptions>;
}

export async function createSagaWorker(options: SagaWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  const tracing = options.tracing ? workerTracingOptions(options.tracing) : undefined;
  // A pre-built bundle lacks the workflow tracing interceptors: with tracing on, bundle now.
  const bundle = options.workflowBundlePath && !tracing ? { workflowBundle: { codePath: options.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH };
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    dataConverter: options.dataConverter,
    interceptors: tracing
      ? { activity: [...tracing.activity, ...ACTIVITY_INTERCEPTORS.activity], workflowModules: tracing.workflowModules }
      : ACTIVITY_INTERCEPTORS,
    ...(tracing ? { sinks: tracing.sinks } : {}),
    ...bundle,
    ...options.overrides,
  });
  return { worker, connection };
}
