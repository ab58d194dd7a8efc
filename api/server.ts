// Runnable API process. Graceful shutdown on SIGINT/SIGTERM: stop accepting, finish requests, close clients.
import '../shared/platform/observability/process-tracing'; // first: starts tracing (when configured) before the MongoDB driver loads
import { collectDefaultMetrics, Registry } from 'prom-client';
import { loadConfig } from '../shared/app/app-config';
import { loadDataKeys } from '../shared/app/data-keys';
import { createLogger } from '../shared/platform/observability/logger';
import { createMongoClient } from '../shared/platform/mongo/connect';
import { reportReady } from '../shared/platform/process/readiness';
import { runMain } from '../shared/platform/process/run-main';
import { createTemporalClient } from '../shared/platform/temporal/temporal-client';
import { appDataConverter } from '../shared/app/payload-converter';
import { createApp } from './app';
import { localDevKey, parseApiKeys, ApiKeysError, SCOPES } from './http/api-keys';

await runMain('api', async () => {
  const config = loadConfig();
  const logger = createLogger('api', config.logLevel);

  let keysSpec = config.api.apiKeys;
  if (!keysSpec) {
    if (config.env === 'production') throw new ApiKeysError('API_KEYS must be set in production');
    const { key, created } = localDevKey(config.dataDir);
    keysSpec = `${key}:*`;
    console.log(`${created ? 'generated' : 'using'} local API key (all scopes: ${SCOPES.join(', ')}): ${key}`);
  }
  const keys = parseApiKeys(keysSpec);
  const dataKeys = loadDataKeys(config);

  // Not connected eagerly: the API starts while MongoDB is down and /health says so.
  const client = createMongoClient(config.mongo.uri);
  const temporal = createTemporalClient(config.temporal.address, config.temporal.namespace, appDataConverter(config, client.db(config.mongo.dbName)));
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });

  const app = createApp({ config, logger, keys, temporal, mongo: { client, db: client.db(config.mongo.dbName) }, metrics, dataKeys });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(config.api.port, config.api.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  logger.info(`API listening on http://${config.api.host}:${config.api.port}`);
  reportReady();

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 10_000).unref();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await Promise.allSettled([client.close(), temporal.connection.close()]);
  logger.info('API stopped');
});
