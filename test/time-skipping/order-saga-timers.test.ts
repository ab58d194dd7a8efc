import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_INTERCEPTORS, createActivities } from '../../activities';
import { TEST_DATA_KEYS } from '../support/data-keys';
import { localActivityDeps } from '../../activities/local-providers';
import { SimulatedCarrier } from '../../shared/adapters/simulated-carrier';
import type { orderFulfilmentSaga } from '../../workflows/ordering/order-fulfilment/order-fulfilment-saga';
import type { OrderFulfilmentInput } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { useTestDatabase } from '../support/mongo';
import { createTimeSkippingEnvironment } from '../support/time-skipping';
import { CardVault } from '../../shared/adapters/card-vault';
import type { Db } from 'mongodb';
import { EventStore } from '../../shared/platform/event-store';

let env: TestWorkflowEnvironment;
let db: Db;
beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  db = (await useTestDatabase('timeskip')).db;
  await new EventStore(db).ensureIndexes();
});
afterAll(async () => { await env?.teardown(); });

async function input(overrides: Partial<OrderFulfilmentInput['policy']>, unitPriceCents: number): Promise<OrderFulfilmentInput> {
  const sku = `TS-${randomUUID().slice(0, 8)}`.toUpperCase();
  const store = new EventStore(db);
  await store.append(`stock-${sku}`, 'no-stream', [{ type: 'stock-received', payload: { sku, quantity: 10, availableAfter: 10 } }], { correlationId: 'seed' });
  const payment = await new CardVault(db, TEST_DATA_KEYS).store({ number: '4242424242424242', expiryMonth: 12, expiryYear: 2030 });
  return {
    orderId: `ord_${randomUUID().slice(0, 8)}`,
    customerId: 'cus_ts',
    lines: [{ sku, quantity: 1, unitPriceCents }],
    shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Austin', state: 'TX', zip: '73301' },
    payment,
    correlationId: randomUUID(),
    policy: { reviewThresholdCents: 100_000, reviewTimeout: '24 hours', dispatchAfter: '2 days', stepRetryBudget: '1 hour', ...overrides },
  };
}

async function run(workflowInput: OrderFulfilmentInput, carrier?: SimulatedCarrier) {
  const taskQueue = `ts-${randomUUID().slice(0, 8)}`;
  const deps = { ...localActivityDeps(db, TEST_DATA_KEYS), ...(carrier ? { carrier } : {}) };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH ?? '' },
    activities: createActivities(deps),
    interceptors: ACTIVITY_INTERCEPTORS,
  });
  return worker.runUntil(
    env.client.workflow.execute<typeof orderFulfilmentSaga>('orderFulfilmentSaga', { taskQueue, workflowId: `order-${workflowInput.orderId}`, args: [workflowInput] }),
  );
}

describe('order saga timers (time-skipping)', () => {
  it('rejects an order whose review is not decided within the timeout', async () => {
    const saga = await run(await input({ reviewTimeout: '3 days' }, 500_000));
    expect(saga.status).toBe('REJECTED');
    expect(saga.review).toBe('timed-out');
    expect(saga.outcomeReason).toMatch(/^review-timed-out/);
    expect(saga.stepsCompleted).toEqual(['place-order']);
    const order = await new EventStore(db).readStream(`order-${saga.orderId}`);
    expect(order.map((e) => e.type)).toEqual(['order-placed', 'order-review-requested', 'order-rejected']);
  });

  it('dispatches after the cancel window closes, days later', async () => {
    const saga = await run(await input({ dispatchAfter: '2 days' }, 1_000));
    expect(saga.status).toBe('COMPLETED');
    expect(saga.stepsCompleted.at(-1)).toBe('dispatch-shipment');
  });

  it('absorbs a carrier that fails transiently for minutes, without compensating', async () => {
    const flakyCarrier = new SimulatedCarrier({ db, collection: `sim_carrier_${randomUUID().slice(0, 6)}`, failFirstAttempts: 9 });
    const saga = await run(await input({}, 1_000), flakyCarrier);
    expect(saga.status).toBe('COMPLETED');
    expect(saga.stepsCompensated).toEqual([]);
  });

  it('treats a step whose transient failures outlast the retry budget as failed, and compensates', async () => {
    const brokenCarrier = new SimulatedCarrier({ db, collection: `sim_carrier_${randomUUID().slice(0, 6)}`, failFirstAttempts: 1_000 });
    const saga = await run(await input({ stepRetryBudget: '10 minutes' }, 1_000), brokenCarrier);
    expect(saga.status).toBe('COMPENSATED');
    expect(saga.stepsCompensated).toEqual(['authorize-payment', `reserve-stock:${saga.stepsCompleted[1]?.split(':')[1]}`]);
  });
});
