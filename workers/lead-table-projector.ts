// Runnable projector of the leads table: an outbox relay with one in-process subscriber that
// folds lead events into the read database (GET /leads). Several may run side by side: the
// relay leases each (subscriber, stream). Stops gracefully on SIGINT/SIGTERM.
import '../shared/platform/observability/process-tracing'; // first: starts tracing (when configured) before the MongoDB driver loads
import { LeadStreams } from '../shared/domain/crm/lead-streams';
import { LeadTable } from '../shared/domain/crm/views/lead-table';
import { runWorker } from '../shared/app/run-worker';
import { OutboxRelay } from '../shared/platform/outbox';
import { leadTableProjection } from '../shared/domain/crm/views/lead-table-projection';

await runWorker('lead-projector', async ({ config, logger, mongo, db, store }) => {
  const table = new LeadTable(mongo.db(config.mongo.readDbName));
  await table.ensureIndexes();
  const relay = new OutboxRelay(db, { subscribers: [leadTableProjection(table, new LeadStreams(store))], logger });
  relay.start();
  logger.info({ readDb: config.mongo.readDbName }, 'lead table projector started');
  return () => relay.stop();
});
