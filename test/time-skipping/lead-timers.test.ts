import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVITY_INTERCEPTORS, createActivities } from '../../activities';
import { TEST_DATA_KEYS } from '../support/data-keys';
import { localActivityDeps } from '../../activities/local-providers';
import type { LeadEvent } from '../../shared/domain/crm/lead/lead-events';
import { EventStore } from '../../shared/platform/event-store';
import type { leadLifecycle } from '../../workflows/crm/lead-lifecycle/lead-lifecycle';
import type { LeadLifecycleInput } from '../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import {
  confirmPaymentUpdate,
  LEAD_LIFECYCLE_WORKFLOW,
  leadInitializedUpdate,
  leadProcessQuery,
  leadWorkflowId,
  recordContactUpdate,
  setFollowupUpdate,
  submitOrderUpdate,
} from '../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { useTestDatabase } from '../support/mongo';
import { createTimeSkippingEnvironment } from '../support/time-skipping';

const DAY_MS = 24 * 60 * 60_000;

let env: TestWorkflowEnvironment;
let db: Db;
let store: EventStore;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `ts-lead-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  db = (await useTestDatabase('tslead')).db;
  store = new EventStore(db);
  await store.ensureIndexes();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH ?? '' },
    activities: createActivities(localActivityDeps(db, TEST_DATA_KEYS)),
    interceptors: ACTIVITY_INTERCEPTORS,
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function startLead(policy: LeadLifecycleInput['policy'] = {}) {
  const leadId = `ts${randomUUID().slice(0, 8)}`;
  const input: LeadLifecycleInput = {
    leadId,
    correlationId: randomUUID(),
    contact: { firstName: 'Casey', lastName: 'David', phoneNumber: '+14155552951' },
    policy,
  };
  const handle = await env.client.workflow.start<typeof leadLifecycle>(LEAD_LIFECYCLE_WORKFLOW, {
    taskQueue,
    workflowId: leadWorkflowId(leadId),
    args: [input],
  });
  const { process } = await handle.executeUpdate(leadInitializedUpdate);
  const createdOn = Date.parse(process.lead?.createdOn ?? '');
  return { leadId, handle, createdOn };
}

const correlationId = () => randomUUID();
const events = async (leadId: string) => (await store.readStream(`lead-${leadId}`)) as unknown as (LeadEvent & { version: number })[];
/** The timer fired at its date (the test server's clock also moves in real time: allow a minute), not days later. */
function expectShortlyAfter(timestamp: string, due: string): void {
  const lateMs = Date.parse(timestamp) - Date.parse(due);
  expect(lateMs).toBeGreaterThanOrEqual(0);
  expect(lateMs).toBeLessThan(60_000);
}
const types = async (leadId: string) => (await events(leadId)).map((e) => e.type);

describe('lead lifecycle timers (time-skipping)', () => {
  it('records followup-due when a follow-up set a week ahead arrives, stamped with that date', async () => {
    const { leadId, handle, createdOn } = await startLead();
    await handle.executeUpdate(recordContactUpdate, { args: [{ correlationId: correlationId() }] });
    const followupOn = new Date(createdOn + 7 * DAY_MS).toISOString();
    await handle.executeUpdate(setFollowupUpdate, { args: [{ followupOn, correlationId: correlationId() }] });
    expect(await types(leadId)).toEqual(['lead-initialized', 'contacted', 'followup-set']);

    await env.sleep(6 * DAY_MS);
    expect(await types(leadId)).toEqual(['lead-initialized', 'contacted', 'followup-set']);

    await env.sleep(2 * DAY_MS);
    const history = await events(leadId);
    expect(history.map((e) => e.type)).toEqual(['lead-initialized', 'contacted', 'followup-set', 'followup-due']);
    const due = history[3] as LeadEvent;
    expect(due.payload).toMatchObject({ 'lead-id': leadId, 'followup-on': followupOn });
    expectShortlyAfter(due.payload.timestamp, followupOn);
    const state = await handle.query(leadProcessQuery);
    expect(state.lead?.status).toBe('FOLLOWUP_SET');
    expect(state.followupDueRecordedFor).toBe(followupOn);
  });

  it('moves the lead to PAYMENT_FAILED when the payment deadline passes without confirmation', async () => {
    const { leadId, handle, createdOn } = await startLead();
    const paymentDeadline = new Date(createdOn + 3 * DAY_MS).toISOString();
    const submitted = await handle.executeUpdate(submitOrderUpdate, { args: [{ paymentDeadline, correlationId: correlationId() }] });
    expect(submitted.process.lead?.status).toBe('PENDING_PAYMENT');
    expect(submitted.process.paymentDeadline).toBe(paymentDeadline);

    await env.sleep(4 * DAY_MS);
    const history = await events(leadId);
    expect(history.map((e) => e.type)).toEqual(['lead-initialized', 'order-submitted', 'payment-failed']);
    const failed = history[2] as LeadEvent & { type: 'payment-failed' };
    expect(failed.payload).toMatchObject({ status: 'payment-failed', reason: 'payment-deadline-passed' });
    expectShortlyAfter(failed.payload.timestamp, paymentDeadline);
    const state = await handle.query(leadProcessQuery);
    expect(state.lead?.status).toBe('PAYMENT_FAILED');
    expect(state.paymentDeadline).toBeNull();
  });

  it('converts the lead when the payment is confirmed before the deadline; the deadline then does nothing', async () => {
    const { leadId, handle, createdOn } = await startLead();
    const paymentDeadline = new Date(createdOn + 3 * DAY_MS).toISOString();
    await handle.executeUpdate(submitOrderUpdate, { args: [{ paymentDeadline, correlationId: correlationId() }] });
    await env.sleep(1 * DAY_MS);
    const confirmed = await handle.executeUpdate(confirmPaymentUpdate, { args: [{ correlationId: correlationId() }] });
    expect(confirmed.process.lead?.status).toBe('CONVERTED');

    const final = await handle.result();
    expect(final.lead?.status).toBe('CONVERTED');
    await env.sleep(3 * DAY_MS);
    expect(await types(leadId)).toEqual(['lead-initialized', 'order-submitted', 'payment-confirmed']);
  });

  it('continues as new after the configured number of messages and re-arms the follow-up timer in the new run', async () => {
    const { leadId, handle, createdOn } = await startLead({ continueAsNewAfter: 3 });
    const firstRunId = (await handle.describe()).runId;
    await handle.executeUpdate(recordContactUpdate, { args: [{ correlationId: correlationId() }] });
    const followupOn = new Date(createdOn + 7 * DAY_MS).toISOString();
    await handle.executeUpdate(setFollowupUpdate, { args: [{ followupOn, correlationId: correlationId() }] });

    // The third message ends the first run; the lead's state travels into the next one.
    let state = await handle.query(leadProcessQuery);
    for (let i = 0; state.run < 2 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = await handle.query(leadProcessQuery);
    }
    expect(state.run).toBe(2);
    expect((await handle.describe()).runId).not.toBe(firstRunId);
    expect(state.lead).toMatchObject({ status: 'FOLLOWUP_SET', followupOn, contactCount: 1, followupCount: 1 });
    expect(state.messagesHandled).toBe(3);

    await env.sleep(8 * DAY_MS);
    expect(await types(leadId)).toEqual(['lead-initialized', 'contacted', 'followup-set', 'followup-due']);
    expect((await handle.query(leadProcessQuery)).followupDueRecordedFor).toBe(followupOn);
  });
});
