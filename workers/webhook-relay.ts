// Runnable outbox relay for public messages: translates committed events into the published
// language and delivers them to each webhook subscription's URL (signed, in version order per
// stream, with retries and dead letters) and to the live feed behind GET /messages/stream.
// Picks up subscriptions added or removed through the API within a few seconds.
import '../shared/platform/observability/process-tracing'; // first: starts tracing (when configured) before the MongoDB driver loads
import { collectDefaultMetrics, Registry } from 'prom-client';
import { publicMessageCatalogue } from '../shared/domain/message-catalog';
import { LiveFeed } from '../shared/platform/messaging/live-feed';
import { MessageTranslator } from '../shared/platform/messaging/message-translator';
import { liveFeedSubscriber } from '../shared/platform/messaging/live-feed-subscriber';
import { ALIVE, startMetricsServer } from '../shared/platform/observability/metrics-server';
import { WebhookSubscriptions } from '../shared/platform/webhooks/webhook-subscriptions';
import { WebhookTargetPolicy } from '../shared/platform/webhooks/webhook-target-policy';
import { loadDataKeys } from '../shared/app/data-keys';
import { loadMetricsToken } from '../shared/app/metrics-token';
import { runWorker } from '../shared/app/run-worker';
import { OutboxRelay } from '../shared/platform/outbox';
import { signedClaimLinks } from '../shared/app/public-claim-links';

const RELOAD_EVERY_MS = 3_000;

await runWorker('webhook-relay', async ({ config, logger, db, store }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = await startMetricsServer(registry, config.api.host, config.relay.metricsPort, loadMetricsToken(config), ALIVE);
  const subscriptions = new WebhookSubscriptions(db, loadDataKeys(config));
  const policy = new WebhookTargetPolicy({ httpAllowed: config.webhooks.httpAllowed, allowed: config.webhooks.allowedTargets });
  const translator = new MessageTranslator(publicMessageCatalogue, store);
  const feed = new LiveFeed(db);
  await feed.ensureCollection();
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
    const webhooks = await subscriptions.subscribers(config.relay.webhookTimeoutMs, translator, policy, claimLinks);
    relay = new OutboxRelay(db, { subscribers: [liveFeedSubscriber(translator, feed), ...webhooks], registry, logger });
    relay.start();
    logger.info({ subscriptions: webhooks.map((s) => s.name) }, 'webhook subscriptions loaded');
  };

  await reload();
  const timer = setInterval(() => { reload().catch((err: unknown) => logger.error({ err }, 'reloading subscriptions failed')); }, RELOAD_EVERY_MS);
  logger.info(`webhook relay running; metrics on http://${config.api.host}:${config.relay.metricsPort}/metrics`);
  return async () => {
    clearInterval(timer);
    await relay?.stop();
    metrics.close();
  };
});
