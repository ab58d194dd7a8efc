// Runnable projector of the leads table: an outbox relay with one in-process subscriber that
// folds lead events into the read database (GET /leads). Several may run side by side: the
// relay leases each (subscriber, stream). Stops gracefully on SIGINT/SIGTERM.
import { EventStore } from '../../shared/event-store';
import { loadConfig } from '../../shared/config/app-config';
import { LeadStreams } from '../../shared/crm/lead-streams';
import { LeadTable } from '../../shared/crm/lead-table/lead-table';
import { createLogger } from '../../shared/logging/logger';
import { connectMongo } from '../../shared/mongo/connect';
import { runMain } from '../../shared/process/run-main';
import { OutboxRelay } from '../outbox-relay';
import { leadTableProjection } from './lead-table-projection';

await runMain('lead-projector', async () => {
  const config = loadConfig();
  const logger = createLogger('lead-projector', config.logLevel);
  const mongo = await connectMongo(config.mongo.uri);
  const db = mongo.db(config.mongo.dbName);
  const store = new EventStore(db);
  await store.ensureIndexes();
  const table = new LeadTable(mongo.db(config.mongo.readDbName));
  await table.ensureIndexes();
  const relay = new OutboxRelay(db, { subscribers: [leadTableProjection(table, new LeadStreams(store))], logger });
  relay.start();
  logger.info({ readDb: config.mongo.readDbName }, 'lead table projector started');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await relay.stop();
  await mongo.close();
  logger.info('lead table projector stopped');
});
