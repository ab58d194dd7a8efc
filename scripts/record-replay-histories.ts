// Re-records the workflow histories replayed in CI (test/replay/histories): every path of the
// order saga and the lead process manager, run for real through the API and the Temporal client
// on throw-away servers (or TEMPORAL_ADDRESS / MONGODB_URI), each saved in the canonical JSON form.
// Histories recorded before a patched() change stay in their own folder and are not touched.
// Run after an intended workflow change (all, or only some of: orders leads returns):
//   npm run record:histories
//   npm run record:histories -- returns
import { mkdirSync, writeFileSync } from 'node:fs';
import { WorkflowNotFoundError } from '@temporalio/client';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { localActivityDeps } from '../activities/local-providers';
import { SimulatedCarrier } from '../shared/adapters/simulated-carrier';
import { SimulatedPaymentGateway, TEST_CARDS } from '../shared/adapters/simulated-payment-gateway';
import {
  closeLeadUpdate,
  LEAD_LIFECYCLE_WORKFLOW,
  leadInitializedUpdate,
  leadWorkflowId,
  recordContactUpdate,
  setFollowupUpdate,
  type LeadLifecycleWorkflow,
} from '../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { cancelOrderSignal, orderWorkflowId, sagaStateQuery, type OrderSagaState } from '../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { startApiHarness, TEST_KEYS, type ApiHarness } from '../test/support/api-harness';
import { startFerretDb, startTemporalDevServer, type RunningServer } from '../test/support/servers';
import { startTestWorker } from '../test/support/test-worker';
import { returnParticipants } from '../shared/app/return-participants';
import { publicMessageCatalogue } from '../shared/domain/message-catalog';
import { EventStore } from '../shared/platform/event-store';
import { OutboxRelay } from '../shared/platform/outbox';
import { returnRefundWorkflowId } from '../workflows/payments/return-refund/return-refund-contract';
import { returnParcelStateQuery, returnParcelWorkflowId } from '../workflows/shipping/return-parcel/return-parcel-contract';

const HISTORIES = new URL('../test/replay/histories/', import.meta.url).pathname;
const TOOLS = process.env.SAGA_TOOLS_DIR ?? new URL('../.tools', import.meta.url).pathname;
const TEMPORAL_CLI = join(TOOLS, 'venv/bin/temporal');
const started: RunningServer[] = [];

interface Harnesses {
  /** Dispatch one second after confirmation, review timeout two seconds. */
  readonly api: ApiHarness;
  /** Same database and task queue; an hour's dispatch window, room to cancel. */
  readonly slow: ApiHarness;
  /** Same; a four-second window, room to act at the carrier before dispatch. */
  readonly window: ApiHarness;
}

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
  const same = { MONGODB_DB: api.config.mongo.dbName, TEMPORAL_TASK_QUEUE: api.config.temporal.taskQueue };
  const slow = await startApiHarness({ ORDER_DISPATCH_AFTER: '1 hour', ...same });
  const window = await startApiHarness({ ORDER_DISPATCH_AFTER: '4 seconds', ...same });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  const worker = await startTestWorker(api.config.temporal.taskQueue, deps);
  try {
    const groups = process.argv.slice(2);
    const wanted = (group: string) => groups.length === 0 || groups.includes(group);
    if (wanted('orders')) await recordOrders({ api, slow, window });
    if (wanted('leads')) await recordLeads({ api, slow, window });
    if (wanted('returns')) await recordReturns(api);
  } finally {
    await worker.stop();
    await Promise.allSettled([window.close(), slow.close()]);
    await api.close();
    await Promise.allSettled(started.map((s) => s.stop()));
  }
}

/** Every path of the order saga. */
async function recordOrders({ api, slow, window }: Harnesses): Promise<void> {
  const gateway = new SimulatedPaymentGateway({ db: api.deps.mongo.db });
  const carrier = new SimulatedCarrier({ db: api.deps.mongo.db });
  const handle = (id: string) => api.deps.temporal.client.workflow.getHandle(orderWorkflowId(id));

  await record(api, 'happy-path', async (id) => { await stock(api, 'SKU-A', 5); await order(api, id, [['SKU-A', 2, 1500]]); });
  await record(api, 'out-of-stock', async (id) => { await stock(api, 'SKU-B', 5); await order(api, id, [['SKU-B', 1, 100], ['SKU-EMPTY', 1, 100]]); });
  await record(api, 'card-declined', async (id) => { await stock(api, 'SKU-C', 5); await order(api, id, [['SKU-C', 1, 100]], { card: TEST_CARDS.genericDecline }); });
  await record(api, 'shipment-not-schedulable', async (id) => { await stock(api, 'SKU-D', 5); await order(api, id, [['SKU-D', 1, 100]], { state: 'HI' }); });
  await record(api, 'capture-declined', async (id) => { await stock(api, 'SKU-H', 5); await order(api, id, [['SKU-H', 1, 100]], { card: TEST_CARDS.captureDeclined }); });
  await record(api, 'cancelled-before-dispatch', async (id) => {
    await stock(api, 'SKU-E', 5);
    await order(slow, id, [['SKU-E', 1, 100]]);
    await until(api, id, (s) => s.status === 'AWAITING_DISPATCH');
    await call(api, 'POST', `/orders/${id}/cancel`, { reason: 'changed my mind' });
  });
  await record(api, 'cancelled-by-signal', async (id) => {
    await stock(api, 'SKU-E', 5);
    await order(slow, id, [['SKU-E', 1, 100]]);
    await until(api, id, (s) => s.status === 'AWAITING_DISPATCH');
    await handle(id).signal(cancelOrderSignal, { reason: 'changed my mind' });
  });
  await record(api, 'temporal-cancel-in-dispatch-window', async (id) => {
    await stock(api, 'SKU-E', 5);
    await order(slow, id, [['SKU-E', 1, 100]]);
    await until(api, id, (s) => s.status === 'AWAITING_DISPATCH');
    await handle(id).cancel();
  });
  await record(api, 'temporal-cancel-during-activity', async (id) => {
    await stock(api, 'SKU-E', 5);
    await order(slow, id, [['SKU-E', 1, 100]], { card: TEST_CARDS.slow });
    await until(api, id, (s) => s.currentStep === 'authorize-payment');
    await handle(id).cancel();
  });
  await record(api, 'dispatch-refused', async (id) => {
    await stock(api, 'SKU-I', 5);
    await order(window, id, [['SKU-I', 1, 100]]);
    await until(api, id, (s) => s.status === 'AWAITING_DISPATCH');
    // The carrier cancels the booking on its side: the dispatch of the confirmed order is refused.
    for (const booked of await carrier.findShipments({ orderId: id })) await carrier.cancelShipment({ idempotencyKey: `carrier-side:${booked.trackingId}`, trackingId: booked.trackingId });
  });
  await record(api, 'compensation-failed-then-retried', async (id) => {
    await stock(api, 'SKU-J', 5);
    await gateway.suspendReversals('merchant account under review');
    try {
      await order(api, id, [['SKU-J', 1, 100]], { card: TEST_CARDS.captureDeclined });
      await until(api, id, (s) => s.status === 'COMPENSATION_FAILED');
    } finally {
      await gateway.resumeReversals();
    }
    await call(api, 'POST', `/orders/${id}/compensations/retry?wait=20`, { operator: 'olga', note: 'review cleared' });
  });
  await record(api, 'review-approved', async (id) => {
    await stock(api, 'SKU-F', 5);
    await order(api, id, [['SKU-F', 1, 250_000]]);
    await until(api, id, (s) => s.status === 'AWAITING_REVIEW');
    await call(api, 'POST', `/orders/${id}/review`, { decision: 'approve', reviewer: 'rita' });
  });
  await record(api, 'review-timed-out', async (id) => { await stock(api, 'SKU-G', 5); await order(api, id, [['SKU-G', 1, 250_000]]); });
  await record(api, 'cancelled-during-review', async (id) => {
    await stock(api, 'SKU-G', 5);
    await order(slow, id, [['SKU-G', 1, 250_000]]);
    await until(api, id, (s) => s.status === 'AWAITING_REVIEW');
    await call(api, 'POST', `/orders/${id}/cancel`, { reason: 'changed my mind' });
  });
  await record(api, 'temporal-cancel-during-review', async (id) => {
    await stock(api, 'SKU-G', 5);
    await order(slow, id, [['SKU-G', 1, 250_000]]);
    await until(api, id, (s) => s.status === 'AWAITING_REVIEW');
    await handle(id).cancel();
  });
}

async function record(api: ApiHarness, scenario: string, run: (orderId: string) => Promise<void>): Promise<void> {
  const orderId = `replay_${scenario.replaceAll('-', '_')}`;
  await run(orderId);
  await save(api, 'order-fulfilment', scenario, orderWorkflowId(orderId));
}

/** The lead process manager's paths: the talk's journey, both timers, continue-as-new, and its order run as a child saga. */
async function recordLeads({ api, slow }: Harnesses): Promise<void> {
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
  await save(api, 'lead-lifecycle', 'journey-converted', leadWorkflowId(journey));

  const deadline = 'replay_lead_deadline';
  await lead(deadline);
  await call(api, 'POST', `/leads/${deadline}/orders`, { paymentDeadline: soon(1_500) });
  await leadStatus(api, deadline, 'PAYMENT_FAILED');
  await call(api, 'POST', `/leads/${deadline}/close`, { reason: 'no payment' });
  await save(api, 'lead-lifecycle', 'payment-deadline-passed', leadWorkflowId(deadline));

  const followup = 'replay_lead_followup';
  await lead(followup);
  await call(api, 'POST', `/leads/${followup}/followups`, { followupOn: soon(1_500) });
  await new Promise((r) => setTimeout(r, 3_000));
  await call(api, 'POST', `/leads/${followup}/close`, { reason: 'not interested' });
  await save(api, 'lead-lifecycle', 'followup-due-then-closed', leadWorkflowId(followup));

  const child = 'replay_lead_order';
  await lead(child);
  await stock(api, 'SKU-LEAD', 5);
  await call(api, 'POST', `/leads/${child}/orders`, { paymentDeadline: soon(3_600_000), order: leadOrder('replay_lead_order_1') });
  await leadStatus(api, child, 'CONVERTED');
  await save(api, 'lead-lifecycle', 'order-saga-child-converted', leadWorkflowId(child));

  // The payment deadline passes while the order saga waits for pickup: the lead cancels its order.
  const cancels = 'replay_lead_cancels_order';
  await lead(cancels);
  await call(slow, 'POST', `/leads/${cancels}/orders`, { paymentDeadline: soon(6_000), order: leadOrder('replay_lead_cancels_order_1') });
  await leadStatus(api, cancels, 'PAYMENT_FAILED');
  await call(api, 'POST', `/leads/${cancels}/close`, { reason: 'no payment' });
  await save(api, 'lead-lifecycle', 'deadline-cancels-order-saga', leadWorkflowId(cancels));
  await save(api, 'order-fulfilment', 'cancelled-by-lead', orderWorkflowId('replay_lead_cancels_order_1'));

  // Continue-as-new after three messages: the first run's history ends in ContinuedAsNew.
  const renewed = 'replay_lead_continued';
  const { client } = api.deps.temporal;
  const handle = await client.workflow.start<LeadLifecycleWorkflow>(LEAD_LIFECYCLE_WORKFLOW, {
    taskQueue: api.config.temporal.taskQueue,
    workflowId: leadWorkflowId(renewed),
    args: [{ leadId: renewed, correlationId: 'replay-continued', contact: { firstName: 'Mark', lastName: 'David', phoneNumber: '+14155552951' }, policy: { continueAsNewAfter: 3 } }],
  });
  const correlationId = 'replay-continued';
  await handle.executeUpdate(leadInitializedUpdate);
  await handle.executeUpdate(recordContactUpdate, { args: [{ correlationId }] });
  await handle.executeUpdate(setFollowupUpdate, { args: [{ followupOn: soon(3_600_000), correlationId }] });
  await handle.executeUpdate(recordContactUpdate, { args: [{ correlationId }] });
  await handle.executeUpdate(closeLeadUpdate, { args: [{ reason: 'not interested', correlationId }] });
  await save(api, 'lead-lifecycle', 'continued-as-new', leadWorkflowId(renewed), handle.firstExecutionRunId);
}

function leadOrder(orderId: string) {
  return {
    orderId,
    lines: [{ sku: 'SKU-LEAD', quantity: 1, unitPriceCents: 1_000 }],
    shippingAddress: { name: 'Mark Davis', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' },
    payment: { card: { number: TEST_CARDS.visa, expiryMonth: 12, expiryYear: 2030 } },
  };
}

async function leadStatus(api: ApiHarness, leadId: string, status: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await api.request('GET', `/leads/${leadId}`, { key: TEST_KEYS.all });
    if (res.ok && ((await res.json()) as { lead: { status: string } }).lead.status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`lead ${leadId} never reached ${status}`);
}

/**
 * The returns choreography's two workflows, started as in production: the participants (an
 * in-process relay) signal-with-start them from the public messages of a return asked over REST.
 */
async function recordReturns(api: ApiHarness): Promise<void> {
  const db = api.deps.mongo.db;
  const relay = new OutboxRelay(db, {
    pollIntervalMs: 100,
    subscribers: returnParticipants({
      db,
      store: new EventStore(db),
      catalogue: publicMessageCatalogue,
      temporal: api.deps.temporal.client,
      taskQueue: api.config.temporal.taskQueue,
      refundRetryBudget: '1 minute',
      participants: ['ordering', 'shipping', 'payments', 'inventory', 'loyalty'],
      inboxAbandonAfterMs: 60_000,
    }),
  });
  relay.start();
  // The participants start each workflow a moment after the message: wait for it to exist, then to end.
  const finished = async (workflowId: string): Promise<void> => {
    for (;;) {
      try {
        await api.deps.temporal.client.workflow.getHandle(workflowId).result();
        return;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  try {
    await stock(api, 'SKU-R', 10);
    await order(api, 'replay_return_order', [['SKU-R', 2, 1500]]);
    await until(api, 'replay_return_order', (s) => s.status === 'COMPLETED');
    await call(api, 'POST', '/orders/replay_return_order/returns', { returnId: 'replay_return_scanned', lines: [{ sku: 'SKU-R', quantity: 1 }], reason: 'no-longer-needed' });
    // The simulated carrier scans the parcel in after its transit (30 s by default).
    await finished(returnParcelWorkflowId('replay_return_scanned'));
    await finished(returnRefundWorkflowId('replay_return_scanned'));
    await save(api, 'return-parcel', 'carrier-scan', returnParcelWorkflowId('replay_return_scanned'));
    await save(api, 'return-refund', 'refunded', returnRefundWorkflowId('replay_return_scanned'));

    await order(api, 'replay_return_refused', [['SKU-R', 1, 1500]], { card: TEST_CARDS.refundRefused });
    await until(api, 'replay_return_refused', (s) => s.status === 'COMPLETED');
    await call(api, 'POST', '/orders/replay_return_refused/returns', { returnId: 'replay_return_operator', lines: [{ sku: 'SKU-R', quantity: 1 }], reason: 'damaged' });
    const parcel = api.deps.temporal.client.workflow.getHandle(returnParcelWorkflowId('replay_return_operator'));
    for (;;) {
      const state = await parcel.query(returnParcelStateQuery).catch(() => undefined);
      if (state?.status === 'AWAITING_PARCEL') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await call(api, 'POST', '/returns/replay_return_operator/parcel-received', { condition: 'damaged' });
    await finished(returnRefundWorkflowId('replay_return_operator'));
    await save(api, 'return-parcel', 'operator-booked', returnParcelWorkflowId('replay_return_operator'));
    await save(api, 'return-refund', 'refund-refused-store-credit', returnRefundWorkflowId('replay_return_operator'));
  } finally {
    await relay.stop();
  }
}

/** Saves the history of a finished run (or of one run, by id), or of a run still open after a few seconds (replay handles both). */
async function save(api: ApiHarness, folder: string, scenario: string, workflowId: string, runId?: string): Promise<void> {
  const handle = api.deps.temporal.client.workflow.getHandle(workflowId, runId, runId ? { followRuns: false } : undefined);
  const outcome = await Promise.race([handle.result().then(() => 'finished', () => 'continued'), new Promise((r) => setTimeout(() => r('still running'), 5_000))]);
  // The CLI writes the canonical proto-JSON form.
  const json = execFileSync(TEMPORAL_CLI, ['workflow', 'show', '--workflow-id', workflowId, ...(runId ? ['--run-id', runId] : []), '--address', api.config.temporal.address, '--output', 'json'], { encoding: 'utf8' });
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
    payment: { card: { number: opts.card ?? TEST_CARDS.visa, expiryMonth: 12, expiryYear: 2030 } },
  });
}

async function until(api: ApiHarness, orderId: string, done: (state: OrderSagaState) => boolean): Promise<void> {
  const handle = api.deps.temporal.client.workflow.getHandle(orderWorkflowId(orderId));
  for (let i = 0; i < 600; i++) {
    const state = await handle.query(sagaStateQuery).catch(() => undefined);
    if (state && done(state)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`order ${orderId} never reached the awaited state`);
}

await main();
