// Re-records the workflow histories replayed in CI (test/replay/histories). Runs real scenarios
// through the API on throw-away servers (or TEMPORAL_ADDRESS / MONGODB_URI), then saves each
// run's history in the canonical JSON form. Run after an intended workflow change:
//   npx tsx scripts/record-replay-histories.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { localActivityDeps } from '../activities/local-providers';
import { startApiHarness, TEST_KEYS, type ApiHarness } from '../test/support/api-harness';
import { startFerretDb, startTemporalDevServer, type RunningServer } from '../test/support/servers';
import { startTestWorker } from '../test/support/test-worker';

const HISTORIES = new URL('../test/replay/histories/', import.meta.url).pathname;
const TEMPORAL_CLI = new URL('../.tools/venv/bin/temporal', import.meta.url).pathname;
const started: RunningServer[] = [];

async function main(): Promise<void> {
  if (!process.env.TEMPORAL_ADDRESS) {
    const t = await startTemporalDevServer();
    started.push(t);
    process.env.TEMPORAL_ADDRESS = t.address;
  }
  if (!process.env.MONGODB_URI) {
    const f = await startFerretDb();
    started.push(f);
    process.env.MONGODB_URI = f.address;
  }
  const api = await startApiHarness({ ORDER_DISPATCH_AFTER: '1 second', ORDER_REVIEW_TIMEOUT: '2 seconds' });
  const slow = await startApiHarness({ ORDER_DISPATCH_AFTER: '1 hour', MONGODB_DB: api.config.mongo.dbName, TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  const worker = await startTestWorker(api.config.temporal.taskQueue, deps);
  try {
    await record(api, 'happy-path', async (id) => { await stock(api, 'SKU-A', 5); await order(api, id, [['SKU-A', 2, 1500]]); });
    await record(api, 'out-of-stock', async (id) => { await stock(api, 'SKU-B', 5); await order(api, id, [['SKU-B', 1, 100], ['SKU-EMPTY', 1, 100]]); });
    await record(api, 'card-declined', async (id) => { await stock(api, 'SKU-C', 5); await order(api, id, [['SKU-C', 1, 100]], { card: '4000000000000002' }); });
    await record(api, 'shipment-not-schedulable', async (id) => { await stock(api, 'SKU-D', 5); await order(api, id, [['SKU-D', 1, 100]], { state: 'HI' }); });
    await record(api, 'cancelled-before-dispatch', async (id) => {
      await stock(api, 'SKU-E', 5);
      await order(slow, id, [['SKU-E', 1, 100]]);
      await until(api, id, 'AWAITING_DISPATCH');
      await call(api, 'POST', `/orders/${id}/cancel`, { reason: 'changed my mind' });
    });
    await record(api, 'review-approved', async (id) => {
      await stock(api, 'SKU-F', 5);
      await order(api, id, [['SKU-F', 1, 250_000]]);
      await until(api, id, 'AWAITING_REVIEW');
      await call(api, 'POST', `/orders/${id}/review`, { decision: 'approve', reviewer: 'rita' });
    });
    await record(api, 'review-timed-out', async (id) => { await stock(api, 'SKU-G', 5); await order(api, id, [['SKU-G', 1, 250_000]]); });
    await recordLeads(api);
  } finally {
    await worker.stop();
    await slow.close();
    await api.close();
    await Promise.allSettled(started.map((s) => s.stop()));
  }
}

async function record(api: ApiHarness, scenario: string, run: (orderId: string) => Promise<void>): Promise<void> {
  const orderId = `replay_${scenario.replaceAll('-', '_')}`;
  await run(orderId);
  await save(api, 'order-fulfilment', scenario, `order-${orderId}`);
}

/** The lead process manager's paths: the talk's journey, both timers, and an order run as a child saga. */
async function recordLeads(api: ApiHarness): Promise<void> {
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
  const lead = async (id: string) => call(api, 'POST', '/leads', { leadId: id, firstName: 'Mark', lastName: 'David', phoneNumber: '+14155552951' });
  const journey = 'replay_lead_journey';
  await lead(journey);
  await call(api, 'POST', `/leads/${journey}/contacts`, {});
  await call(api, 'POST', `/leads/${journey}/followups`, { followupOn: soon(3_600_000) });
  await call(api, 'POST', `/leads/${journey}/contact-details`, { firstName: 'Mark', lastName: 'Davis', phoneNumber: '+14155558101' });
  await call(api, 'POST', `/leads/${journey}/contacts`, {});
  await call(api, 'POST', `/leads/${journey}/orders`, { paymentDeadline: soon(3_600_000) });
  await call(api, 'POST', `/leads/${journey}/payment-confirmations`, {});
  await save(api, 'lead-lifecycle', 'journey-converted', `lead-${journey}`);

  const deadline = 'replay_lead_deadline';
  await lead(deadline);
  await call(api, 'POST', `/leads/${deadline}/orders`, { paymentDeadline: soon(1_500) });
  await leadStatus(api, deadline, 'PAYMENT_FAILED');
  await call(api, 'POST', `/leads/${deadline}/close`, { reason: 'no payment' });
  await save(api, 'lead-lifecycle', 'payment-deadline-passed', `lead-${deadline}`);

  const followup = 'replay_lead_followup';
  await lead(followup);
  await call(api, 'POST', `/leads/${followup}/followups`, { followupOn: soon(1_500) });
  await new Promise((r) => setTimeout(r, 3_000));
  await call(api, 'POST', `/leads/${followup}/close`, { reason: 'not interested' });
  await save(api, 'lead-lifecycle', 'followup-due-then-closed', `lead-${followup}`);

  const child = 'replay_lead_order';
  await lead(child);
  await stock(api, 'SKU-LEAD', 5);
  await call(api, 'POST', `/leads/${child}/orders`, {
    paymentDeadline: soon(3_600_000),
    order: {
      orderId: 'replay_lead_order_1',
      lines: [{ sku: 'SKU-LEAD', quantity: 1, unitPriceCents: 1_000 }],
      shippingAddress: { name: 'Mark Davis', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' },
      payment: { card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030 } },
    },
  });
  await leadStatus(api, child, 'CONVERTED');
  await save(api, 'lead-lifecycle', 'order-saga-child-converted', `lead-${child}`);
}

async function leadStatus(api: ApiHarness, leadId: string, status: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await api.request('GET', `/leads/${leadId}`, { key: TEST_KEYS.all });
    if (res.ok && ((await res.json()) as { lead: { status: string } }).lead.status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`lead ${leadId} never reached ${status}`);
}

/** Saves the history of a finished run, or of a run still open after a few seconds (replay handles both). */
async function save(api: ApiHarness, folder: string, scenario: string, workflowId: string): Promise<void> {
  const handle = api.deps.temporal.client.workflow.getHandle(workflowId);
  const outcome = await Promise.race([handle.result().then(() => 'finished'), new Promise((r) => setTimeout(() => r('still running'), 5_000))]);
  // The CLI writes the canonical proto-JSON form.
  const json = execFileSync(TEMPORAL_CLI, ['workflow', 'show', '--workflow-id', workflowId, '--address', api.config.temporal.address, '--output', 'json'], { encoding: 'utf8' });
  mkdirSync(join(HISTORIES, folder), { recursive: true });
  writeFileSync(join(HISTORIES, folder, `${scenario}.json`), json);
  console.log(`recorded ${folder}/${scenario}: ${String(outcome)}, ${(JSON.parse(json) as { events: unknown[] }).events.length} events`);
}

async function call(api: ApiHarness, method: string, path: string, body: unknown): Promise<void> {
  const res = await api.request(method, path, { key: TEST_KEYS.all, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
}

const stock = (api: ApiHarness, sku: string, quantity: number) => call(api, 'POST', `/inventory/${sku}/receipts`, { quantity });

function order(api: ApiHarness, orderId: string, lines: [string, number, number][], opts: { card?: string; state?: string } = {}) {
  return call(api, 'POST', '/orders', {
    orderId,
    customerId: 'cus_replay',
    lines: lines.map(([sku, quantity, unitPriceCents]) => ({ sku, quantity, unitPriceCents })),
    shippingAddress: { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: opts.state ?? 'CA', zip: '94103' },
    payment: { card: { number: opts.card ?? '4242424242424242', expiryMonth: 12, expiryYear: 2030 } },
  });
}

async function until(api: ApiHarness, orderId: string, status: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const res = await api.request('GET', `/orders/${orderId}/saga`, { key: TEST_KEYS.all });
    if (res.ok && ((await res.json()) as { status: string }).status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`order ${orderId} never reached ${status}`);
}

await main();
