// Runnable projector of the leads table: an outbox relay with one in-process subscriber that
// folds lead events into the read database (GET /leads). Several may run side by side: the
// relay leases each (subscriber, stream). Stops gracefully on SIGINT/SIGTERM.
import { LeadStreams } from '../../shared/crm/lead-streams';
import { LeadTable } from '../../shared/crm/lead-table/lead-table';
import { runWorker } from '../../shared/process/run-worker';
import { OutboxRelay } from '../outbox-relay';
import { leadTableProjection } from './lead-table-projection';

await runWorker('lead-projector', async ({ config, logger, mongo, db, store }) => {
  const table = new LeadTable(mongo.db(config.mongo.readDbName));
  await table.ensureIndexes();
  const relay = new OutboxRelay(db, { subscribers: [leadTableProjection(table, new LeadStreams(store))], logger });
  relay.start();
  logger.info({ readDb: config.mongo.readDbName }, 'lead table projector started');
  return () => relay.stop();
});
