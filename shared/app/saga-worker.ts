import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { ACTIVITY_INTERCEPTORS, SAGA_METRICS, type Activities } from '../../activities';
import type { SagaMetrics } from '../../activities/kernel/saga-metrics';
import { sagaMetricsSinks, WORKFLOW_INTERCEPTOR_MODULES } from './saga-metrics-sinks';
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
  /** A pre-built bundle (bundleWorkflowCode with `workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES`) for fast start; otherwise workflows are bundled now. */
  readonly workflowBundlePath?: string;
  /** The process's tracing, when on: workflow and activity spans (the workflows are then bundled now, with the tracing interceptors). */
  readonly tracing?: Tracing;
  /** Where the workflows' starts and outcomes are counted (default: the process's SAGA_METRICS). */
  readonly metrics?: SagaMetrics;
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
    interceptors: {
      activity: [...(tracing?.activity ?? []), ...ACTIVITY_INTERCEPTORS.activity],
      // A pre-built bundle has its interceptors bundled in already.
      ...('workflowsPath' in bundle ? { workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES, ...(tracing?.workflowModules ?? [])] } : {}),
    },
    sinks: { ...sagaMetricsSinks(options.metrics ?? SAGA_METRICS), ...tracing?.sinks },
    ...bundle,
    ...options.overrides,
  });
  return { worker, connection };
}
