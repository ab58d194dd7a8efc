import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import type { Db, MongoClient } from 'mongodb';
import { createActivities } from '../../activities';
import { localActivityDeps } from '../../activities/local-providers';
import { createMongoClient } from '../../shared/platform/mongo/connect';
import { createSagaWorker } from '../../shared/app/saga-worker';
import { appDataConverter } from '../../shared/app/payload-converter';
import { startApiHarness, type ApiHarness } from '../../test/support/api-harness';
import { startFerretDb, startTemporalDevServer } from '../../test/support/servers';
import { noopActivities } from './noop-activity';
import { TimeLedger, timeActivities, timeMethods } from './time-ledger';

const BENCH_WORKFLOWS = fileURLToPath(new URL('./workflows.ts', import.meta.url));

/** The order saga's policy for the bench: no manual review, a 1 ms cancel window before dispatch. */
export const BENCH_POLICY_ENV = {
  ORDER_DISPATCH_AFTER: '1 ms',
  ORDER_REVIEW_THRESHOLD_CENTS: '1000000000',
} as const;

export interface BenchStack {
  readonly api: ApiHarness;
  /** The bench driver's own Temporal client (the API has its own). */
  readonly client: Client;
  readonly taskQueue: string;
  /** The worker's database (the API's too). */
  readonly db: Db;
  readonly ledger: TimeLedger;
  stop(): Promise<void>;
}

/**
 * Throw-away Temporal dev server and FerretDB, the real API in-process and ONE worker serving
 * both the order saga and the bare no-op chain with the same options. The worker's event store,
 * payment gateway and carrier are timed per workflow (see TimeLedger).
 */
export async function startBenchStack(log: (line: string) => void): Promise<BenchStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  };
  try {
    log('starting Temporal dev server and FerretDB...');
    const [temporal, ferret] = await Promise.all([startTemporalDevServer(), startFerretDb()]);
    cleanups.push(() => temporal.stop(), () => ferret.stop());

    log('bundling bench workflows...');
    const dir = mkdtempSync(join(tmpdir(), 'order-saga-bench-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const quiet = () => undefined;
    const { code } = await bundleWorkflowCode({
      workflowsPath: BENCH_WORKFLOWS,
      logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet },
    });
    const bundlePath = join(dir, 'workflow-bundle.js');
    await writeFile(bundlePath, code);

    const api = await startApiHarness({ TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: ferret.address, ...BENCH_POLICY_ENV });
    cleanups.push(() => api.close());
    const { taskQueue } = api.config.temporal;

    // The worker gets its own MongoDB client, as it would in its own process.
    const mongo: MongoClient = createMongoClient(ferret.address);
    cleanups.push(() => mongo.close());
    const db = mongo.db(api.config.mongo.dbName);
    const ledger = new TimeLedger();
    const deps = localActivityDeps(db, api.deps.dataKeys);
    await deps.eventStore.ensureIndexes(); // as workers/temporal-worker.ts does at start
    const activities = timeActivities(
      {
        ...createActivities({
          ...deps,
          eventStore: timeMethods(deps.eventStore, 'event-store', 'eventStore', ledger),
          paymentGateway: timeMethods(deps.paymentGateway, 'provider', 'paymentGateway', ledger),
          carrier: timeMethods(deps.carrier, 'provider', 'carrier', ledger),
        }),
        ...noopActivities,
      },
      ledger,
    );

    // The bench handles SIGINT/SIGTERM itself (stops everything it started), not just the worker.
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    const dataConverter = appDataConverter(api.config, api.deps.mongo.db);
    const { worker, connection: workerConnection } = await createSagaWorker({
      address: temporal.address,
      namespace: api.config.temporal.namespace,
      taskQueue,
      activities,
      workflowBundlePath: bundlePath,
      dataConverter,
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
      await workerConnection.close();
    });

    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: api.config.temporal.namespace, dataConverter });
    return { api, client, taskQueue, db, ledger, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
