// Runnable outbox relay for webhook subscriptions: delivers every committed event to each
// subscription's URL, signed, in version order per stream, with retries and dead letters.
// Picks up subscriptions added or removed through the API within a few seconds.
import { collectDefaultMetrics, Registry } from 'prom-client';
import { startMetricsServer } from '../shared/platform/observability/metrics-server';
import { WebhookSubscriptions } from '../shared/platform/webhooks/webhook-subscriptions';
import { runWorker } from '../shared/app/run-worker';
import { OutboxRelay } from '../shared/platform/outbox';
import { signedClaimLinks } from '../shared/app/public-claim-links';

const RELOAD_EVERY_MS = 3_000;

await runWorker('webhook-relay', async ({ config, logger, db }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = await startMetricsServer(registry, '127.0.0.1', config.relay.metricsPort);
  const subscriptions = new WebhookSubscriptions(db);
  const claimLinks = signedClaimLinks(config);

  let relay: OutboxRelay | undefined;
  let fingerprint = '';
  const reload = async () => {
    const next = await subscriptions.fingerprint();
    if (next === fingerprint) return;
    fingerprint = next;
    await relay?.stop();
    registry.clear();
    collectDefaultMetrics({ register: registry });
    const subscribers = await subscriptions.subscribers(config.relay.webhookTimeoutMs, claimLinks);
    relay = subscribers.length ? new OutboxRelay(db, { subscribers, registry, logger }) : undefined;
    relay?.start();
    logger.info({ subscriptions: subscribers.map((s) => s.name) }, 'webhook subscriptions loaded');
  };

  await reload();
  const timer = setInterval(() => { reload().catch((err: unknown) => logger.error({ err }, 'reloading subscriptions failed')); }, RELOAD_EVERY_MS);
  logger.info(`webhook relay running; metrics on http://127.0.0.1:${config.relay.metricsPort}/metrics`);
  return async () => {
    clearInterval(timer);
    await relay?.stop();
    metrics.close();
  };
});
