import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { createSagaWorker } from '../../shared/app/saga-worker';
import { testDataConverter } from './test-data-converter';

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/**
 * A real worker on the test run's Temporal server, running in the background until stopped, with
 * the production data converter under the test key ring (claims in the activities' database).
 */
export async function startTestWorker(
  taskQueue: string,
  deps: ActivityDeps,
  dataConverter: DataConverter = testDataConverter(deps.db),
): Promise<{ worker: Worker; stop: () => Promise<void> }> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the tests through vitest (global setup starts Temporal)');
  quietRuntime();
  const { worker, connection } = await createSagaWorker({
    address,
    namespace: 'default',
    taskQueue,
    activities: createActivities(deps),
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    dataConverter,
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
