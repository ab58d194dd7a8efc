// Runnable projector of the leads table: an outbox relay with one in-process subscriber that
// folds lead events into the read database (GET /leads). Several may run side by side: the
// relay leases each (subscriber, stream). Serves /health and /metrics on
// LEAD_PROJECTOR_METRICS_PORT (0: none). Stops gracefully on SIGINT/SIGTERM.
import '../shared/platform/observability/process-tracing'; // first: starts tracing (when configured) before the MongoDB driver loads
import { collectDefaultMetrics, Registry } from 'prom-client';
import { LeadStreams } from '../shared/domain/crm/lead-streams';
import { LeadTable } from '../shared/domain/crm/views/lead-table';
import { loadMetricsToken } from '../shared/app/metrics-token';
import { runWorker } from '../shared/app/run-worker';
import { ALIVE, startMetricsServer } from '../shared/platform/observability/metrics-server';
import { OutboxRelay } from '../shared/platform/outbox';
import { leadTableProjection } from '../shared/domain/crm/views/lead-table-projection';

await runWorker('lead-projector', async ({ config, logger, mongo, db, store }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const table = new LeadTable(mongo.db(config.mongo.readDbName));
  await table.ensureIndexes();
  const relay = new OutboxRelay(db, { subscribers: [leadTableProjection(table, new LeadStreams(store))], registry, logger });
  const { metricsPort } = config.leadProjector;
  const metricsServer = metricsPort === 0 ? undefined : await startMetricsServer(registry, config.api.host, metricsPort, loadMetricsToken(config), ALIVE);
  relay.start();
  logger.info({ readDb: config.mongo.readDbName, metrics: metricsServer ? `http://${config.api.host}:${metricsPort}/metrics` : 'off' }, 'lead table projector started');
  return async () => {
    await relay.stop();
    metricsServer?.close();
  };
});
