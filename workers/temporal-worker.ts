// Runnable Temporal worker: hosts every workflow and activity on the configured task queue.
// Shuts down gracefully on SIGINT/SIGTERM (the SDK drains in-flight tasks).
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { createActivities } from '../activities';
import { localActivityDeps } from '../activities/local-providers';
import { loadConfig, type AppConfig } from '../shared/app/app-config';
import { loadDataKeys } from '../shared/app/data-keys';
import { createLogger } from '../shared/platform/observability/logger';
import { connectMongo } from '../shared/platform/mongo/connect';
import { reportReady } from '../shared/platform/process/readiness';
import { runMain } from '../shared/platform/process/run-main';
import { createSagaWorker } from '../shared/app/saga-worker';
import { appDataConverter } from '../shared/app/payload-converter';

/** The SDK's own log level for LOG_LEVEL (it has no fatal or silent). */
const TEMPORAL_LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel> = {
  trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR',
};

await runMain('worker', async () => {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  Runtime.install({ logger: new DefaultLogger(TEMPORAL_LOG_LEVELS[config.logLevel]) });
  const mongo = await connectMongo(config.mongo.uri);
  const deps = localActivityDeps(mongo.db(config.mongo.dbName), loadDataKeys(config));
  await deps.eventStore.ensureIndexes();
  const { worker, connection } = await createSagaWorker({
    address: config.temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities(deps),
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    dataConverter: appDataConverter(config, mongo.db(config.mongo.dbName)),
  });
  logger.info({ taskQueue: config.temporal.taskQueue, temporal: config.temporal.address }, 'worker started');
  try {
    reportReady();
    await worker.run();
  } finally {
    await connection.close();
    await mongo.close();
    logger.info('worker stopped');
  }
});
