// Runnable Temporal worker: hosts every workflow and activity on the configured task queue.
// Shuts down gracefully on SIGINT/SIGTERM (the SDK drains in-flight tasks). Serves /health and
// /metrics on WORKER_HEALTH_PORT, and exits with code 1 when its database connection stays broken
// for WORKER_DATABASE_UNHEALTHY_AFTER, so that its supervisor replaces it. Its /metrics serves the
// Temporal engine's own metrics beside the saga metrics; traces go out over OTLP when configured.
import { processTracing } from '../shared/platform/observability/process-tracing';
import { msToNumber } from '@temporalio/common/lib/time';
import { Runtime, type LogLevel } from '@temporalio/worker';
import { collectDefaultMetrics } from 'prom-client';
import { createActivities, SAGA_METRICS } from '../activities';
import { localActivityDeps } from '../activities/local-providers';
import { loadConfig, type AppConfig } from '../shared/app/app-config';
import { loadDataKeys } from '../shared/app/data-keys';
import { loadMetricsToken } from '../shared/app/metrics-token';
import { DatabaseHealth, startHealthServer } from '../shared/app/worker-health';
import { createLogger } from '../shared/platform/observability/logger';
import { connectMongo } from '../shared/platform/mongo/connect';
import { reportReady } from '../shared/platform/process/readiness';
import { runMain } from '../shared/platform/process/run-main';
import { createSagaWorker } from '../shared/app/saga-worker';
import { appDataConverter } from '../shared/app/payload-converter';
import { engineMetricsText, engineTelemetry } from '../shared/platform/temporal/engine-metrics';
import { pinoRuntimeLogger } from '../shared/platform/temporal/pino-runtime-logger';

/** The SDK's own log level for LOG_LEVEL (it has no fatal or silent). */
const TEMPORAL_LOG_LEVELS: Record<AppConfig['logLevel'], LogLevel> = {
  trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR',
};

/** A broken worker that does not manage to shut down in this time is ended anyway. */
const FORCED_EXIT_AFTER_MS = 20_000;

await runMain('worker', async () => {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  collectDefaultMetrics({ register: SAGA_METRICS.registry });
  const engine = await engineTelemetry();
  Runtime.install({ logger: pinoRuntimeLogger(logger, TEMPORAL_LOG_LEVELS[config.logLevel]), telemetryOptions: engine.telemetryOptions });
  const mongo = await connectMongo(config.mongo.uri);
  const db = mongo.db(config.mongo.dbName);
  const deps = localActivityDeps(db, loadDataKeys(config), { returnParcelTransitMs: config.returns.parcelTransitMs });
  await deps.eventStore.ensureIndexes();
  const { worker, connection } = await createSagaWorker({
    address: config.temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({ ...deps, metrics: SAGA_METRICS }),
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
    dataConverter: appDataConverter(config, mongo.db(config.mongo.dbName)),
    ...(processTracing ? { tracing: processTracing } : {}),
  });
  const health = new DatabaseHealth(() => db.command({ ping: 1 }), {
    unhealthyAfterMs: msToNumber(config.worker.databaseUnhealthyAfter),
    gauge: SAGA_METRICS.databaseUp,
    onUnhealthy: (downForMs) => {
      logger.error({ downForMs }, 'the database connection stays broken: exiting so that the supervisor replaces this worker');
      process.exitCode = 1;
      setTimeout(() => process.exit(1), FORCED_EXIT_AFTER_MS).unref();
      worker.shutdown();
    },
  });
  const healthServer = config.worker.healthPort > 0 ? await startHealthServer(config.api.host, config.worker.healthPort, health, SAGA_METRICS.registry, loadMetricsToken(config), engineMetricsText(engine.bindAddress)) : undefined;
  health.start();
  logger.info({ taskQueue: config.temporal.taskQueue, temporal: config.temporal.address, healthPort: config.worker.healthPort || undefined }, 'worker started');
  try {
    reportReady();
    await worker.run();
  } finally {
    health.stop();
    healthServer?.close();
    await connection.close();
    await mongo.close();
    logger.info('worker stopped');
  }
});
