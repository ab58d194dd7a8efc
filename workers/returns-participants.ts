// Runnable participants of the returns choreography: one outbox relay whose subscribers are the
// contexts taking part in a return (RETURN_PARTICIPANTS, default all five), each reacting to the
// others' public messages through its own inbox. Shipping and payments signal-with-start their
// workflows on TEMPORAL_TASK_QUEUE (run by the Temporal worker). Metrics on RETURNS_METRICS_PORT.
import '../shared/platform/observability/process-tracing'; // first: starts tracing (when configured) before the MongoDB driver loads
import { collectDefaultMetrics, Registry } from 'prom-client';
import { publicMessageCatalogue } from '../shared/domain/message-catalog';
import { loadMetricsToken } from '../shared/app/metrics-token';
import { appDataConverter } from '../shared/app/payload-converter';
import { returnParticipants } from '../shared/app/return-participants';
import { runWorker } from '../shared/app/run-worker';
import { ALIVE, startMetricsServer } from '../shared/platform/observability/metrics-server';
import { OutboxRelay } from '../shared/platform/outbox';
import { createTemporalClient } from '../shared/platform/temporal/temporal-client';

await runWorker('returns-participants', async ({ config, logger, db, store }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const temporal = createTemporalClient(config.temporal.address, config.temporal.namespace, appDataConverter(config, db));
  const subscribers = returnParticipants({
    db,
    store,
    catalogue: publicMessageCatalogue,
    temporal: temporal.client,
    taskQueue: config.temporal.taskQueue,
    refundRetryBudget: config.returns.refundRetryBudget,
    participants: config.returns.participants,
    inboxAbandonAfterMs: config.returns.inboxAbandonAfterMs,
  });
  const relay = new OutboxRelay(db, { subscribers, registry, logger });
  const { metricsPort } = config.returns;
  const metricsServer = metricsPort === 0 ? undefined : await startMetricsServer(registry, config.api.host, metricsPort, loadMetricsToken(config), ALIVE);
  relay.start();
  logger.info({ participants: subscribers.map((s) => s.name), taskQueue: config.temporal.taskQueue }, 'returns participants started');
  return async () => {
    await relay.stop();
    metricsServer?.close();
    await temporal.connection.close();
  };
});
