// Runnable retention sweep of the claim store: every CLAIM_SWEEP_EVERY, deletes claims older than
// CLAIM_RETENTION that no event, message or open workflow refers to any more (see README "Claim check").
// Serves /health and /metrics on CLAIM_RETENTION_METRICS_PORT (0: none).
import '../shared/platform/observability/process-tracing'; // first: starts tracing (when configured) before the MongoDB driver loads
import { Client, Connection } from '@temporalio/client';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { loadMetricsToken } from '../shared/app/metrics-token';
import { ALIVE, startMetricsServer } from '../shared/platform/observability/metrics-server';
import { runWorker } from '../shared/app/run-worker';
import { claimHolderChecks } from '../shared/app/claim-holders';
import { appDataConverter } from '../shared/app/payload-converter';
import { ClaimStore, sweepClaims } from '../shared/platform/claims';

await runWorker('claim-retention', async ({ config, logger, db, store }) => {
  const connection = Connection.lazy({ address: config.temporal.address });
  const dataConverter = appDataConverter(config, db);
  const clients = new Map<string, Client>();
  const temporal = (namespace: string) => clients.get(namespace) ?? clients.set(namespace, new Client({ connection, namespace, dataConverter })).get(namespace) as Client;
  const claims = new ClaimStore(db);
  const checks = claimHolderChecks({ store, temporal });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const deleted = new Counter({ name: 'claim_retention_deleted_total', help: 'Claims the retention sweep deleted (older than CLAIM_RETENTION, held by nothing)', registers: [registry] });
  const lastSweep = new Gauge({ name: 'claim_retention_last_success_timestamp_seconds', help: 'When the last retention sweep finished without failing (alert when it is older than a few CLAIM_SWEEP_EVERY)', registers: [registry] });
  const { metricsPort } = config.claimRetention;
  const metricsServer = metricsPort === 0 ? undefined : await startMetricsServer(registry, config.api.host, metricsPort, loadMetricsToken(config), ALIVE);

  let running: Promise<void> | undefined;
  const sweep = () => {
    if (running) return; // the previous sweep is still going
    running = sweepClaims(claims, {
      retentionMs: config.claims.retentionMs,
      checks,
      onError: (claimId, err) => logger.warn({ err, claimId }, 'kept a claim whose holder could not be checked'),
    }).then(
      (result) => {
        deleted.inc(result.deleted.length);
        lastSweep.setToCurrentTime();
        logger.info({ deleted: result.deleted.length, kept: result.kept, abandonedUploads: result.abandonedUploads }, 'claim retention sweep done');
      },
      (err: unknown) => logger.error({ err }, 'claim retention sweep failed'),
    ).finally(() => { running = undefined; });
  };
  sweep();
  const timer = setInterval(sweep, config.claims.sweepEveryMs);
  logger.info({ retentionMs: config.claims.retentionMs, everyMs: config.claims.sweepEveryMs }, 'claim retention running');
  return async () => {
    clearInterval(timer);
    await running;
    metricsServer?.close();
    await connection.close();
  };
});
