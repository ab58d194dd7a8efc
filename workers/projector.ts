// Runnable projector: keeps the read models in MONGODB_READ_DB current from the outbox relay.
// Serves its Prometheus metrics on PROJECTOR_METRICS_PORT. Stops gracefully on SIGINT/SIGTERM:
// finishes the deliveries in progress and records the views' status.
import { createServer } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { EventStore } from '../shared/event-store';
import { loadConfig } from '../shared/config/app-config';
import { createLogger } from '../shared/logging/logger';
import { connectMongo } from '../shared/mongo/connect';
import { runMain } from '../shared/process/run-main';
import { Projector } from './projections';

await runMain('projector', async () => {
  const config = loadConfig();
  const logger = createLogger('projector', config.logLevel);
  const mongo = await connectMongo(config.mongo.uri);
  const writeDb = mongo.db(config.mongo.dbName);
  await new EventStore(writeDb).ensureIndexes();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const projector = new Projector({
    writeDb,
    readDb: mongo.db(config.mongo.readDbName),
    relay: { concurrency: config.projections.concurrency },
    settleMs: config.projections.settleMs,
    registry,
    logger,
  });
  const metricsServer = config.projections.metricsPort === 0 ? undefined : createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  }).listen(config.projections.metricsPort, config.api.host);

  await projector.start();
  logger.info({ readDb: config.mongo.readDbName, metrics: metricsServer ? `http://${config.api.host}:${config.projections.metricsPort}/metrics` : 'off' }, 'projector started');

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await projector.stop();
  await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
  await mongo.close();
  logger.info('projector stopped');
});
