import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnParcelActivities } from '../../activities/shipping/return-parcel-activities';
import type { ReturnRefundActivities } from '../../activities/payments/return-refund-activities';
import {
  parcelReceivedSignal,
  REFUND_RETRIES_EXHAUSTED,
  refundRequestedSignal,
  RETURN_REFUND_WORKFLOW,
  type ReturnRefundState,
  type ReturnRefundWorkflow,
} from '../../workflows/payments/return-refund/return-refund-contract';
import { RETURN_PARCEL_WORKFLOW, returnRequestedSignal, type ReturnParcelState, type ReturnParcelWorkflow } from '../../workflows/shipping/return-parcel/return-parcel-contract';
import { createTimeSkippingEnvironment } from '../support/time-skipping';

type StandIns = ReturnRefundActivities & ReturnParcelActivities;
const calls: string[] = [];
let behaviour: Partial<StandIns> = {};

/** Stand-ins answering as the scenario says; every call is recorded. */
const standIns: StandIns = {
  refundReturn: async (input) => { calls.push('refundReturn'); return behaviour.refundReturn ? behaviour.refundReturn(input) : { refundId: 'ref_1' }; },
  recordRefundFailure: async (input) => { calls.push(`recordRefundFailure:${input.code}`); },
  issueStoreCredit: async ({ returnId }) => { calls.push('issueStoreCredit'); return { creditId: `credit_${returnId}` }; },
  issueReturnLabel: async () => { calls.push('issueReturnLabel'); return { carrier: 'sim', trackingId: 'RTN1', expectedBy: new Date(Date.now() + 60 * 60_000).toISOString() }; },
  trackReturnParcel: async (input) => { calls.push('trackReturnParcel'); return behaviour.trackReturnParcel ? behaviour.trackReturnParcel(input) : { delivered: true, deliveredAt: new Date(Date.now()).toISOString() }; },
  recordReturnParcel: async ({ condition, scannedBy }) => { calls.push(`recordReturnParcel:${scannedBy}`); return { condition: condition ?? 'resellable' }; },
};

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `returns-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (!codePath) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run the tests through vitest (global setup bundles the workflows)');
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { codePath }, activities: standIns });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const refundRequest = { returnId: 'r-1', orderId: 'o-1', customerId: 'c-1', amountCents: 1000 };

async function refund(signals: 'parcel-first' | 'request-first', retryBudget = '10 minutes'): Promise<ReturnRefundState> {
  calls.length = 0;
  const returnId = `r-${randomUUID().slice(0, 8)}`;
  const handle = await env.client.workflow.start<ReturnRefundWorkflow>(RETURN_REFUND_WORKFLOW, {
    taskQueue, workflowId: `return-refund-${returnId}`, args: [{ returnId, correlationId: returnId, policy: { retryBudget } }],
  });
  if (signals === 'parcel-first') await handle.signal(parcelReceivedSignal, { receivedAt: '2026-03-01T00:00:00.000Z' });
  await handle.signal(refundRequestedSignal, { ...refundRequest, returnId });
  if (signals === 'request-first') await handle.signal(parcelReceivedSignal, { receivedAt: '2026-03-01T00:00:00.000Z' });
  return handle.result();
}

describe("payments' return refund workflow, with stand-in activities", () => {
  it('refunds once it has heard of both the request and the parcel, in either order', async () => {
    behaviour = {};
    for (const order of ['parcel-first', 'request-first'] as const) {
      const state = await refund(order);
      expect(state).toMatchObject({ status: 'REFUNDED', refundId: 'ref_1', waitingFor: [], amountCents: 1000, failure: null, creditId: null });
      expect(calls).toEqual(['refundReturn']);
    }
  });

  it("a refusal fails the refund at once; payments' compensation is store credit", async () => {
    behaviour = { refundReturn: async () => { throw ApplicationFailure.create({ type: 'expired-card', message: 'card expired', nonRetryable: true }); } };
    const state = await refund('request-first');
    expect(state).toMatchObject({ status: 'STORE_CREDIT_ISSUED', failure: { code: 'expired-card' }, creditId: expect.stringMatching(/^credit_/) });
    expect(calls).toEqual(['refundReturn', 'recordRefundFailure:expired-card', 'issueStoreCredit']);
  });

  it('transient failures are retried until the budget runs out, then it counts as failed for good', async () => {
    behaviour = { refundReturn: async () => { throw ApplicationFailure.create({ type: 'gateway-unavailable', message: 'try later' }); } };
    const state = await refund('parcel-first', '5 minutes');
    expect(state).toMatchObject({ status: 'STORE_CREDIT_ISSUED', failure: { code: REFUND_RETRIES_EXHAUSTED } });
    expect(calls.filter((c) => c === 'refundReturn').length).toBeGreaterThan(3);
    expect(calls.slice(-2)).toEqual([`recordRefundFailure:${REFUND_RETRIES_EXHAUSTED}`, 'issueStoreCredit']);
  });
});

describe("shipping's return parcel workflow, with stand-in activities", () => {
  it("waits for the carrier's expected arrival, then asks the tracking at growing intervals until the scan", async () => {
    calls.length = 0;
    let checks = 0;
    behaviour = { trackReturnParcel: async () => (++checks < 3 ? { delivered: false } : { delivered: true, deliveredAt: '2026-03-01T12:00:00.000Z' }) };
    const handle = await env.client.workflow.start<ReturnParcelWorkflow>(RETURN_PARCEL_WORKFLOW, {
      taskQueue, workflowId: `return-parcel-${randomUUID().slice(0, 8)}`, args: [{ returnId: 'r-2', correlationId: 'r-2' }],
    });
    await handle.signal(returnRequestedSignal, { returnId: 'r-2', orderId: 'o-2', lines: [{ sku: 'SKU-A', quantity: 1 }], statedReason: 'no-longer-needed' });
    const state: ReturnParcelState = await handle.result();
    expect(state).toMatchObject({ status: 'RECEIVED', trackingChecks: 3, scannedBy: 'carrier', receivedAt: '2026-03-01T12:00:00.000Z', orderId: 'o-2' });
    expect(calls).toEqual(['issueReturnLabel', 'trackReturnParcel', 'trackReturnParcel', 'trackReturnParcel', 'recordReturnParcel:carrier']);
  });
});
