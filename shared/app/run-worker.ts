import type { Db, MongoClient } from 'mongodb';
import type { Logger } from 'pino';
import { loadConfig, type AppConfig } from './app-config';
import { EventStore } from '../platform/event-store';
import { createLogger } from '../platform/observability/logger';
import { connectMongo } from '../platform/mongo/connect';
import { ensureOutboxIndexes } from '../platform/outbox/outbox-collections';
import { reportReady } from '../platform/process/readiness';
import { runMain } from '../platform/process/run-main';

export interface WorkerContext {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly mongo: MongoClient;
  /** The write database (event store and outbox), its indexes ensured. */
  readonly db: Db;
  readonly store: EventStore;
}

/**
 * A long-running worker process (projector, relay): config, logger, MongoDB and the event
 * store's indexes, then `start`; on SIGINT/SIGTERM the stop `start` returned. The connection
 * is closed either way. Start-up failures are reported as runMain reports them.
 */
export async function runWorker(name: string, start: (context: WorkerContext) => Promise<() => Promise<void>>): Promise<void> {
  await runMain(name, async () => {
    const config = loadConfig();
    const logger = createLogger(name, config.logLevel);
    const mongo = await connectMongo(config.mongo.uri);
    try {
      const db = mongo.db(config.mongo.dbName);
      const store = new EventStore(db);
      await store.ensureIndexes();
      await ensureOutboxIndexes(db);
      const stop = await start({ config, logger, mongo, db, store });
      reportReady();
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      logger.info({ signal }, 'shutting down');
      await stop();
    } finally {
      // Also when start-up fails, or the open connection would keep the process alive.
      await mongo.close();
    }
    logger.info(`${name} stopped`);
  });
}
