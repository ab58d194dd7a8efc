// Runnable projector: keeps the views in MONGODB_READ_DB current from the outbox relay.
// Serves its Prometheus metrics on PROJECTOR_METRICS_PORT. Stops gracefully on SIGINT/SIGTERM:
// finishes the deliveries in progress and records the views' status.
import '../shared/platform/observability/process-tracing'; // first: starts tracing (when configured) before the MongoDB driver loads
import { collectDefaultMetrics, Registry } from 'prom-client';
import { ALL_VIEWS } from '../shared/domain/view-catalog';
import { ALIVE, startMetricsServer } from '../shared/platform/observability/metrics-server';
import { runWorker } from '../shared/app/run-worker';
import { loadMetricsToken } from '../shared/app/metrics-token';
import { Projector } from '../shared/platform/projections';

await runWorker('projector', async ({ config, logger, mongo, db }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const projector = new Projector({
    views: ALL_VIEWS,
    writeDb: db,
    readDb: mongo.db(config.mongo.readDbName),
    relay: { batchSize: config.projections.batchSize },
    registry,
    logger,
  });
  const { metricsPort } = config.projections;
  const metricsServer = metricsPort === 0 ? undefined : await startMetricsServer(registry, config.api.host, metricsPort, loadMetricsToken(config), ALIVE);

  await projector.start();
  logger.info({ readDb: config.mongo.readDbName, metrics: metricsServer ? `http://${config.api.host}:${metricsPort}/metrics` : 'off' }, 'projector started');
  return async () => {
    await projector.stop();
    metricsServer?.close();
  };
});
