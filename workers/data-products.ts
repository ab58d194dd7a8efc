// Runnable analytical worker: keeps every data product's DuckDB table current from the event store
// through the outbox relay, exports changed partitions as Parquet into DATA_PRODUCTS_DIR/ports
// (read by GET /data-products/... and by any Parquet tool), reports freshness and health in each
// port's status file and on DATA_PRODUCTS_METRICS_PORT. One per DATA_PRODUCTS_DIR (DuckDB has one
// writer). Stops gracefully on SIGINT/SIGTERM.
import '../shared/platform/observability/process-tracing'; // first: starts tracing (when configured) before the MongoDB driver loads
import { loadMetricsToken } from '../shared/app/metrics-token';
import { join } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { dataProductCatalogue } from '../shared/domain/data-product-catalog';
import { publicMessageCatalogue } from '../shared/domain/message-catalog';
import { loadPseudonymisationKey } from '../shared/app/pseudonymisation-key';
import { runWorker } from '../shared/app/run-worker';
import { DataProductRuntime } from '../shared/platform/data-products/data-product-runtime';
import { ALIVE, startMetricsServer } from '../shared/platform/observability/metrics-server';
import { EventStore } from '../shared/platform/event-store';

await runWorker('data-products', async ({ config, logger, db }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const runtime = new DataProductRuntime({
    catalogue: dataProductCatalogue,
    messages: publicMessageCatalogue,
    db,
    store: new EventStore(db, { readAllSettleMs: config.projections.settleMs }),
    portsDirectory: join(config.dataProducts.directory, 'ports'),
    warehouseFile: join(config.dataProducts.directory, 'warehouse.duckdb'),
    pseudonymisationKey: loadPseudonymisationKey(config),
    refreshMs: config.dataProducts.refreshMs,
    settleMs: config.projections.settleMs,
    registry,
    logger,
  });
  const { metricsPort } = config.dataProducts;
  const metricsServer = metricsPort === 0 ? undefined : await startMetricsServer(registry, config.api.host, metricsPort, loadMetricsToken(config), ALIVE);
  await runtime.start();
  logger.info({ products: dataProductCatalogue.names(), directory: config.dataProducts.directory, metrics: metricsServer ? `http://${config.api.host}:${metricsPort}/metrics` : 'off' }, 'data products worker started');
  return async () => {
    await runtime.stop();
    metricsServer?.close();
  };
});
