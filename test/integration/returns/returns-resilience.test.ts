import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_COLLECTIONS } from '../../../shared/platform/outbox/outbox-collections';
import { readJson, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { TEST_DATA_KEYS_SPEC } from '../../support/data-keys';
import { ALL_PARTICIPANTS, available, dispatchedOrder, reactionsOf, requestReturn, settledReturn, startReturnsStack, streamTypes, waitForReturn, type ReturnsStack } from './returns-kit';

const ROOT = new URL('../../..', import.meta.url).pathname;
const STUCK_AFTER_MS = 3_000;

/** The real participants process (workers/returns-participants.ts), so that it can be killed like a crashed host. */
function startParticipantsProcess(api: ApiHarness): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'workers/returns-participants.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      RETURNS_METRICS_PORT: '0',
      RETURN_INBOX_ABANDON_AFTER: '2 seconds',
      TEMPORAL_ADDRESS: api.config.temporal.address,
      TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue,
      MONGODB_URI: api.config.mongo.uri,
      MONGODB_DB: api.config.mongo.dbName,
      DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS_SPEC,
    },
  });
}

let stack: ReturnsStack;
let api: ApiHarness;
let participants: ChildProcess | undefined;
beforeAll(async () => {
  // Parcels take an hour with the carrier: an operator books them in, at a moment the test chooses.
  stack = await startReturnsStack({ participants: [], parcelTransitMs: 60 * 60_000, env: { RETURN_STUCK_AFTER: `${STUCK_AFTER_MS} ms` } });
  api = stack.api;
});
afterAll(async () => {
  participants?.kill('SIGKILL');
  await stack?.stop();
});

async function bookParcelIn(returnId: string): Promise<LooseJson> {
  await waitForReturn(api, returnId, (r) => r.status === 'AWAITING_PARCEL');
  const res = await api.request('POST', `/returns/${returnId}/parcel-received`, { key: TEST_KEYS.commands, body: { condition: 'resellable' } });
  const json = await readJson(res);
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}

async function stuckMetric(): Promise<number> {
  const text = await (await api.request('GET', '/metrics', { key: TEST_KEYS.admin })).text();
  const line = text.split('\n').find((l) => l.startsWith('returns_stuck '));
  return Number(line?.split(' ')[1]);
}

/** Reads until `done` holds (the test runner's timeout bounds it), then returns the last value. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const listedStuck = async (): Promise<string[]> =>
  (await readJson(await api.request('GET', '/returns?stuck=true', { key: TEST_KEYS.queries }))).returns.map((r: { returnId: string }) => r.returnId);

describe('returns participants under redelivery, a crash and a stop', () => {
  it('every message delivered twice changes nothing: one reaction per message (inbox), one workflow run per return', async () => {
    stack.startParticipants(ALL_PARTICIPANTS, (s) => ({ ...s, handle: async (event) => { await s.handle(event); await s.handle(event); } }));
    try {
      const order = await dispatchedOrder(api, [{ quantity: 2, unitPriceCents: 1500 }]);
      const sku = order.lines[0]!.sku;
      const before = await available(stack.store, sku);
      const { json } = await requestReturn(api, order.orderId, { lines: [{ sku, quantity: 2 }], reason: 'no-longer-needed' });
      const returnId = json.returnId as string;
      expect((await bookParcelIn(returnId)).scannedBy).toBe('operator');
      const again = await api.request('POST', `/returns/${returnId}/parcel-received`, { key: TEST_KEYS.commands, body: {} });
      expect(again.status).toBe(409);

      const done = await settledReturn(api, returnId);
      expect(done.status).toBe('COMPLETED');
      expect(reactionsOf(done)).toHaveLength(9);
      expect(await streamTypes(stack.store, `return-shipment-${returnId}`)).toEqual(['return-label-issued', 'return-parcel-received']);
      expect(await streamTypes(stack.store, `return-refund-${returnId}`)).toEqual(['return-refunded']);
      expect(await streamTypes(stack.store, `inventory-return-${returnId}`)).toEqual(['return-restocked']);
      expect(await streamTypes(stack.store, `loyalty-return-${returnId}`)).toEqual(['return-points-revoked']);
      expect(await streamTypes(stack.store, `points-${order.customerId}`)).toEqual(['points-awarded', 'points-deducted']);
      // Refund and restock reach ordering in either order: nobody sequences a choreography.
      const ordering = await streamTypes(stack.store, `order-returns-${order.orderId}`);
      expect([ordering[0], ordering.slice(1, 3).sort(), ordering[3], ordering.length]).toEqual(['return-requested', ['return-refund-recorded', 'return-stock-recorded'], 'return-completed', 4]);
      expect(await available(stack.store, sku)).toBe(before + 2);
      const inbox = stack.api.deps.mongo.db.collection(OUTBOX_COLLECTIONS.inbox);
      expect(await inbox.countDocuments({ consumer: { $regex: '^returns\\.' }, state: 'done' })).toBeGreaterThanOrEqual(7);
      for (const workflowId of [`return-parcel-${returnId}`, `return-refund-${returnId}`]) {
        const runs = [];
        for await (const w of api.deps.temporal.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w.runId);
        expect(runs, workflowId).toHaveLength(1);
      }
    } finally {
      await stack.stopParticipants();
    }
  });

  it('a participants process killed mid-return leaves it stuck (flagged within RETURN_STUCK_AFTER), and completes it after restart', async () => {
    participants = startParticipantsProcess(api);
    const order = await dispatchedOrder(api, [{ quantity: 1, unitPriceCents: 2500 }, { quantity: 2, unitPriceCents: 300 }]);
    const [a, b] = order.lines;
    const { json } = await requestReturn(api, order.orderId, { lines: [{ sku: a!.sku, quantity: 1 }, { sku: b!.sku, quantity: 1 }], reason: 'defective' });
    const returnId = json.returnId as string;
    await waitForReturn(api, returnId, (r) => r.status === 'AWAITING_PARCEL');

    participants.kill('SIGKILL');
    await new Promise((r) => participants?.once('exit', r));
    // Shipping's workflow runs on the Temporal worker: the arrival is recorded, but nobody hears of it.
    await bookParcelIn(returnId);
    const stuck = await waitForReturn(api, returnId, (r) => r.stuck === true);
    expect(stuck.status).toBe('RECEIVED');
    expect(stuck.outstanding.map((o: { participant: string }) => o.participant).sort()).toEqual(['inventory', 'payments']);
    expect(Date.now() - Date.parse(stuck.lastProgressAt as string)).toBeGreaterThan(STUCK_AFTER_MS);
    expect(await eventually(listedStuck, (ids) => ids.length > 0)).toEqual([returnId]);
    expect(await eventually(stuckMetric, (n) => n > 0)).toBe(1);

    participants = startParticipantsProcess(api);
    const done = await settledReturn(api, returnId);
    expect(done.status).toBe('COMPLETED');
    expect(done.stuck).toBe(false);
    // 'defective' goods are taken back unsellable unless an operator says otherwise: this one did ('resellable').
    expect(reactionsOf(done)).toContain('inventory:return-restocked');
    // The list and the metric read the view's index, written just after the return's parts.
    expect(await eventually(listedStuck, (ids) => ids.length === 0)).toEqual([]);
    expect(await eventually(stuckMetric, (n) => n === 0)).toBe(0);
    expect(await streamTypes(stack.store, `points-${order.customerId}`)).toEqual(['points-awarded', 'points-deducted']);
    expect(await streamTypes(stack.store, `return-refund-${returnId}`)).toEqual(['return-refunded']);
  });
});
