// Runnable Temporal worker: hosts every workflow and activity on the configured task queue.
// Shuts down gracefully on SIGINT/SIGTERM (the SDK drains in-flight tasks).
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../activities';
import { localActivityDeps } from '../activities/local-providers';
import { loadConfig } from '../shared/config/app-config';
import { createLogger } from '../shared/logging/logger';
import { connectMongo } from '../shared/mongo/connect';
import { runMain } from '../shared/process/run-main';
import { createSagaWorker } from './temporal/create-worker';

function temporalLogLevel(level: string): 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' {
  if (level === 'trace' || level === 'debug') return level.toUpperCase() as 'TRACE' | 'DEBUG';
  if (level === 'info') return 'INFO';
  if (level === 'warn') return 'WARN';
  return 'ERROR';
}

await runMain('worker', async () => {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  Runtime.install({ logger: new DefaultLogger(temporalLogLevel(config.logLevel)) });
  const mongo = await connectMongo(config.mongo.uri);
  const deps = localActivityDeps(mongo.db(config.mongo.dbName));
  await deps.eventStore.ensureIndexes();
  const { worker, connection } = await createSagaWorker({
    address: config.temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities(deps),
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
  });
  logger.info({ taskQueue: config.temporal.taskQueue, temporal: config.temporal.address }, 'worker started');
  try {
    await worker.run();
  } finally {
    await connection.close();
    await mongo.close();
    logger.info('worker stopped');
  }
});
