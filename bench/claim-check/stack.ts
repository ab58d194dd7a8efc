import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { localActivityDeps } from '../../activities/local-providers';
import { createActivities } from '../../activities';
import { appDataConverter } from '../../shared/app/payload-converter';
import { createSagaWorker, WORKFLOWS_PATH } from '../../shared/app/saga-worker';
import { startApiHarness, type ApiHarness } from '../../test/support/api-harness';
import { startFerretDb, startTemporalDevServer } from '../../test/support/servers';

export interface ClaimBenchStack {
  readonly api: ApiHarness;
  readonly ferretDbAddress: string;
  stop(): Promise<void>;
}

/** Throw-away Temporal dev server and FerretDB (SQLite), the real API in-process and one worker. */
export async function startClaimBenchStack(log: (line: string) => void): Promise<ClaimBenchStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  };
  try {
    log('starting Temporal dev server and FerretDB...');
    const [temporal, ferret] = await Promise.all([startTemporalDevServer(), startFerretDb()]);
    cleanups.push(() => temporal.stop(), () => ferret.stop());
    const dir = mkdtempSync(join(tmpdir(), 'claim-bench-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const quiet = () => undefined;
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet } });
    const bundlePath = join(dir, 'workflow-bundle.js');
    await writeFile(bundlePath, code);

    const api = await startApiHarness({ TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: ferret.address, ATTACHMENT_MAX_BYTES: String(32 * 1024 * 1024) });
    cleanups.push(() => api.close());
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
    await deps.eventStore.ensureIndexes();
    const { worker, connection } = await createSagaWorker({
      address: temporal.address,
      namespace: api.config.temporal.namespace,
      taskQueue: api.config.temporal.taskQueue,
      activities: createActivities(deps),
      workflowBundlePath: bundlePath,
      dataConverter: appDataConverter(api.config, api.deps.mongo.db),
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
      await connection.close();
    });
    return { api, ferretDbAddress: ferret.address, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
