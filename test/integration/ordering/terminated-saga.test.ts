import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { SimulatedPaymentGateway } from '../../../shared/adapters/simulated-payment-gateway';
import type { EventStore } from '../../../shared/platform/event-store';
import { orderWorkflowId } from '../../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { orderBody, placeOrder, receiveStock, uniqueSku, waitForSaga } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';

const ROOT = new URL('../../..', import.meta.url).pathname;
const run = promisify(execFile);

let api: ApiHarness;
let worker: { stop: () => Promise<void> };
let store: EventStore;
beforeAll(async () => {
  api = await startApiHarness({ ORDER_DISPATCH_AFTER: '1 hour' });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  store = deps.eventStore;
  worker = await startTestWorker(api.config.temporal.taskQueue, deps);
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const types = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);

function compensateTerminated(orderId: string, ...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'scripts/compensate-terminated-saga.ts', orderId, ...args], {
    cwd: ROOT,
    env: {
      ...process.env, TEMPORAL_ADDRESS: api.config.temporal.address, TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue, LOG_LEVEL: 'warn',
      // The saga's input is encrypted under the test keys, and large payloads are claims in the test database.
      DATA_ENCRYPTION_KEYS: api.config.dataEncryptionKeys ?? '', MONGODB_URI: api.config.mongo.uri, MONGODB_DB: api.config.mongo.dbName,
    },
  });
}

describe('termination, the last resort, and the operator command that undoes what the terminated saga had done', () => {
  it('re-runs the compensations of every step the saga started, records order-cancelled, and is safe to run again', async () => {
    const sku = uniqueSku('terminated');
    await receiveStock(api, sku, 4);
    const body = orderBody({ lines: [{ sku, quantity: 2, unitPriceCents: 1_500 }] });
    await placeOrder(api, body);
    await waitForSaga(api, body.orderId, (s) => s.status === 'AWAITING_DISPATCH');
    await api.deps.temporal.client.workflow.getHandle(orderWorkflowId(body.orderId)).terminate('stuck, terminated by an operator');
    // Termination ran no code: the payment stays captured, the stock reserved.
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-captured']);

    const dryRun = await compensateTerminated(body.orderId, '--dry-run');
    expect(dryRun.stdout).toContain(`would undo award-loyalty-points → capture-payment → schedule-shipment → authorize-payment → reserve-stock:${sku}`);
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-captured']);

    const repaired = await compensateTerminated(body.orderId, '--reason', 'terminated by an operator');
    expect(repaired.stdout).toMatch(/order-cancelled recorded: true/);
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-captured', 'payment-refunded']);
    expect(await types(`shipment-${body.orderId}`)).toEqual(['shipment-scheduled', 'shipment-cancelled']);
    expect(await types(`points-${body.customerId}`)).toEqual(['points-awarded', 'points-revoked']);
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-confirmed', 'order-cancelled']);
    expect((await store.readStream(`stock-${sku}`)).at(-1)?.payload).toMatchObject({ availableAfter: 4 });
    expect((await new SimulatedPaymentGateway({ db: api.deps.mongo.db }).findAuthorizations({ orderId: body.orderId })).map((a) => a.status)).toEqual(['refunded']);

    const again = await compensateTerminated(body.orderId);
    expect(again.stdout).toMatch(/order-cancelled recorded: true/);
    expect(await types(`payment-${body.orderId}`)).toEqual(['payment-authorized', 'payment-captured', 'payment-refunded']);
    expect(await types(`order-${body.orderId}`)).toEqual(['order-placed', 'order-confirmed', 'order-cancelled']);
  });

  it('refuses a saga that is still running (it compensates itself)', async () => {
    const sku = uniqueSku('running');
    await receiveStock(api, sku, 1);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 100 }] });
    await placeOrder(api, body);
    await waitForSaga(api, body.orderId, (s) => s.status === 'AWAITING_DISPATCH');
    const refused = await compensateTerminated(body.orderId).then(() => undefined, (err: { code?: number; stderr?: string }) => err);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/saga is RUNNING/);
    await api.deps.temporal.client.workflow.getHandle(orderWorkflowId(body.orderId)).cancel();
  });
});
