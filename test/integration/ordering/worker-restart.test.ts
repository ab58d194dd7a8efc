import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { TEST_DATA_KEYS_SPEC } from '../../support/data-keys';
import { processLogFd } from '../../support/platform-processes';
import { finalSaga, orderBody, placeOrder, receiveStock, uniqueSku, waitForSaga } from '../../support/orders';

const ROOT = new URL('../../..', import.meta.url).pathname;

/** The real worker process (workers/temporal-worker.ts), so that it can be killed like a crashed host. */
function startWorkerProcess(api: ApiHarness): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'workers/temporal-worker.ts'], {
    cwd: ROOT,
    // Its output joins the run's logs (scanned for secrets after the suite).
    stdio: ['ignore', processLogFd('restarted-worker'), processLogFd('restarted-worker')],
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      WORKER_HEALTH_PORT: '0',
      TEMPORAL_ADDRESS: api.config.temporal.address,
      TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue,
      MONGODB_URI: api.config.mongo.uri,
      MONGODB_DB: api.config.mongo.dbName,
      // The API's client encrypts payloads under the test key ring: the worker must hold the same keys.
      DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS_SPEC,
    },
  });
}

let api: ApiHarness;
let worker: ChildProcess | undefined;
beforeAll(async () => {
  api = await startApiHarness({ ORDER_DISPATCH_AFTER: '3 seconds' });
});
afterAll(async () => {
  worker?.kill('SIGKILL');
  await api?.close();
});

describe('a worker killed mid-saga', () => {
  it('completes every saga after a restart and writes no event twice', async () => {
    const store = new EventStore(api.deps.mongo.db);
    await store.ensureIndexes();
    const sku = uniqueSku('crash');
    await receiveStock(api, sku, 100);
    const orders = Array.from({ length: 6 }, () => orderBody({ lines: [{ sku, quantity: 2, unitPriceCents: 1_000 }] }));
    for (const o of orders) expect((await placeOrder(api, o)).status).toBe(202);

    worker = startWorkerProcess(api);
    // Let some sagas get part of the way, then kill the worker without any chance to clean up.
    await waitForSaga(api, orders[0]!.orderId, (s) => s.stepsCompleted.length >= 3);
    worker.kill('SIGKILL');
    await new Promise((r) => worker?.once('exit', r));
    const midway = await Promise.all(orders.map(async (o) => (await store.readStream(`order-${o.orderId}`)).length));
    expect(midway.some((n) => n > 0)).toBe(true);

    worker = startWorkerProcess(api);
    for (const o of orders) expect((await finalSaga(api, o.orderId)).status).toBe('COMPLETED');

    for (const o of orders) {
      expect((await store.readStream(`order-${o.orderId}`)).map((e) => e.type)).toEqual(['order-placed', 'order-confirmed']);
      expect((await store.readStream(`payment-${o.orderId}`)).map((e) => e.type)).toEqual(['payment-authorized', 'payment-captured']);
      expect((await store.readStream(`shipment-${o.orderId}`)).map((e) => e.type)).toEqual(['shipment-scheduled', 'shipment-dispatched']);
    }
    const stock = await store.readStream(`stock-${sku}`);
    const perOrder = (type: string) => new Set(stock.filter((e) => e.type === type).map((e) => (e.payload as { orderId: string }).orderId)).size;
    expect(stock.filter((e) => e.type === 'stock-reserved')).toHaveLength(orders.length);
    expect(perOrder('stock-reserved')).toBe(orders.length);
    expect(stock.filter((e) => e.type === 'stock-reservation-committed')).toHaveLength(orders.length);
    expect((stock.at(-1)?.payload as { onHandAfter?: number }).onHandAfter).toBe(100 - 2 * orders.length);
    const eventIds = stock.map((e) => e.eventId);
    expect(new Set(eventIds).size).toBe(eventIds.length);
  });
});
