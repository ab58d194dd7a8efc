import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAGA_METRICS } from '../../../activities';
import { localActivityDeps } from '../../../activities/local-providers';
import { createMongoClient } from '../../../shared/platform/mongo/connect';
import { orderWorkflowId } from '../../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { freePort } from '../../support/free-port';
import { startFerretDbOnPort } from '../../support/servers';
import { TcpProxy } from '../../support/tcp-proxy';
import { startTestWorker } from '../../support/test-worker';
import { startTestProjector } from '../read-side/read-side-kit';
import { expectConsistent, placeOrders, untilProgress } from './outage-kit';
import { processLogFd } from '../../support/platform-processes';

const ROOT = new URL('../../..', import.meta.url).pathname;
const OUTAGE_MS = 60_000;
const ORDERS = 40;
/** Steps give up on a provider's transient failures after 3 attempts: an outage counted against it would reject orders. */
const SHORT_BUDGET = { ORDER_DISPATCH_AFTER: '5 seconds', ORDER_STEP_RETRY_BUDGET: '2 seconds' };

async function infrastructureWaits(): Promise<number> {
  const metric = await SAGA_METRICS.infrastructureWaits.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

describe('sagas through an outage of the platform database', () => {
  it(`FerretDB stopped for 60 s under ${ORDERS} orders in flight: every accepted order ends with its events, money and stock consistent, views equal to the store`, async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'ferretdb-outage-'));
    let ferret = await startFerretDbOnPort(port, dataDir);
    const api = await startApiHarness({ MONGODB_URI: ferret.address, ...SHORT_BUDGET });
    const workerMongo = createMongoClient(ferret.address);
    const projectorMongo = createMongoClient(ferret.address);
    const db = workerMongo.db(api.config.mongo.dbName);
    const readDb = projectorMongo.db(`${api.config.mongo.dbName}_read`);
    const deps = localActivityDeps(db, api.deps.dataKeys);
    await deps.eventStore.ensureIndexes();
    const worker = await startTestWorker(api.config.temporal.taskQueue, deps);
    const projector = startTestProjector(projectorMongo.db(api.config.mongo.dbName), readDb);
    await projector.start();
    try {
      const { orders, skus } = await placeOrders(api, ORDERS);
      await untilProgress(api, orders, 5, 3);
      const waitsBefore = await infrastructureWaits();

      await ferret.stop();
      const stoppedAt = Date.now();
      // Cancellations through Temporal still arrive while the database is down; their compensations wait for it.
      for (const order of orders.slice(0, 4)) {
        await api.deps.temporal.client.workflow.getHandle(orderWorkflowId(order.orderId)).cancel();
        order.cancelled = true;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt))));
      ferret = await startFerretDbOnPort(port, dataDir);

      await expectConsistent(api, db, readDb, orders, skus);
      expect(await infrastructureWaits()).toBeGreaterThan(waitsBefore);
    } finally {
      await projector.stop();
      await worker.stop();
      await api.close();
      await Promise.allSettled([workerMongo.close(), projectorMongo.close()]);
      await ferret.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30 * 60_000);

  it(`a worker whose database connection is cut for good under ${ORDERS} orders reports itself unhealthy and exits; its replacement finishes every saga consistently`, async () => {
    const api = await startApiHarness(SHORT_BUDGET);
    const target = new URL(api.config.mongo.uri);
    const projectorMongo = createMongoClient(api.config.mongo.uri);
    const readDb = projectorMongo.db(`${api.config.mongo.dbName}_read`);
    const projector = startTestProjector(projectorMongo.db(api.config.mongo.dbName), readDb);
    await projector.start();
    const healthPort = await freePort();
    const proxy = await TcpProxy.start(Number(target.port || 27017), target.hostname);
    let worker = startWorkerProcess(api, proxy.uri, healthPort);
    try {
      await worker.ready;
      const { orders, skus } = await placeOrders(api, ORDERS);
      await untilProgress(api, orders, 5, 3);

      await proxy.cut();
      const unhealthy = await untilHealth(healthPort, (status) => status === 503);
      expect(unhealthy).toMatchObject({ database: { status: expect.stringMatching(/^(down|broken)$/) } });
      expect(await worker.exited).toBe(1);

      const replacement = await TcpProxy.start(Number(target.port || 27017), target.hostname);
      worker = startWorkerProcess(api, replacement.uri, healthPort);
      await worker.ready;
      await expectConsistent(api, api.deps.mongo.db, readDb, orders, skus);
      expect(await untilHealth(healthPort, (status) => status === 200)).toMatchObject({ database: { status: 'up' } });
    } finally {
      worker.process.kill('SIGKILL');
      await projector.stop();
      await api.close();
      await readDb.dropDatabase().catch(() => undefined);
      await projectorMongo.close();
    }
  }, 30 * 60_000);
});

/** The real worker process (workers/temporal-worker.ts), connected to MongoDB through `mongoUri`. */
function startWorkerProcess(api: ApiHarness, mongoUri: string, healthPort: number): { process: ChildProcess; ready: Promise<unknown>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/temporal-worker.ts'], {
    cwd: ROOT,
    stdio: ['ignore', processLogFd('outage-worker'), 'pipe'],
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      TEMPORAL_ADDRESS: api.config.temporal.address,
      TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue,
      MONGODB_URI: mongoUri,
      MONGODB_DB: api.config.mongo.dbName,
      WORKER_HEALTH_PORT: String(healthPort),
      WORKER_DATABASE_UNHEALTHY_AFTER: '8 seconds',
    },
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4_000); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = Promise.race([
    untilHealth(healthPort, (status) => status === 200),
    exited.then((code) => { throw new Error(`the worker exited with ${String(code)} before it was ready: ${stderr}`); }),
  ]);
  return { process: child, ready, exited };
}

/** Polls the worker's /health until `wanted` holds for its HTTP status; returns the body. */
async function untilHealth(port: number, wanted: (status: number) => boolean): Promise<unknown> {
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
    if (res && wanted(res.status)) return res.json();
    await new Promise((r) => setTimeout(r, 250));
  }
}
