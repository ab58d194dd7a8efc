import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeLeadUpdate,
  confirmPaymentUpdate,
  leadInitializedUpdate,
  LeadStatusAttribute,
  leadRequestSignal,
  recordContactUpdate,
  setFollowupUpdate,
  submitOrderUpdate,
  updateContactDetailsUpdate,
  type LeadOrderRequest,
  type LeadProcessState,
} from '../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { orderWorkflowId, type OrderFulfilmentWorkflow } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { firstAttempts, refuse, WorkflowTestKit } from '../support/workflow-given-when-then';
import { atLead, correlated, LEAD_STAND_INS, leadCommands, leadInput, startLead, now } from './lead-stand-ins';
import { orderInput } from './order-saga-stand-ins';

let kit: WorkflowTestKit;
beforeAll(async () => { kit = await WorkflowTestKit.create(LEAD_STAND_INS); });
afterAll(async () => { await kit?.teardown(); });

const DAY = 24 * 60 * 60_000;
const leadStatus = (value: string) => [[LeadStatusAttribute, value]] as const;
const initialized = atLead((s) => s.lead !== null, async () => undefined);
const close = now(({ handle }) => handle.executeUpdate(closeLeadUpdate, { args: [{ reason: 'not interested', ...correlated() }] }));
const atStatus = (status: string, action: Parameters<typeof atLead>[1] = async () => undefined) => atLead((s) => s.lead?.status === status, action);

/** An order for the lead's saga (a child workflow), waiting `dispatchAfter` for pickup once confirmed. */
function leadOrder(dispatchAfter = '1 hour'): LeadOrderRequest {
  const { correlationId: _unused, ...order } = orderInput({ policy: { dispatchAfter } });
  return order;
}

describe('lead lifecycle, with stand-in activities', () => {
  it("runs the talk's journey to CONVERTED and ends", async () => {
    const input = leadInput();
    const { calls } = await kit.given().when(
      startLead(input),
      now(({ handle }) => handle.executeUpdate(leadInitializedUpdate)),
      now(({ handle }) => handle.executeUpdate(recordContactUpdate, { args: [correlated()] })),
      now(async ({ handle }) => handle.executeUpdate(setFollowupUpdate, { args: [{ followupOn: new Date((await kit.env.currentTimeMs()) + 7 * DAY).toISOString(), ...correlated() }] })),
      now(({ handle }) => handle.executeUpdate(updateContactDetailsUpdate, { args: [{ firstName: 'Casey', lastName: 'Davis', phoneNumber: '+14155558101', ...correlated() }] })),
      now(({ handle }) => handle.executeUpdate(recordContactUpdate, { args: [correlated()] })),
      now(({ handle }) => handle.executeUpdate(submitOrderUpdate, { args: [correlated()] })),
      now(({ handle }) => handle.executeUpdate(confirmPaymentUpdate, { args: [correlated()] })),
    ).then<LeadProcessState>({ state: { lead: { status: 'CONVERTED' }, messagesHandled: 7 }, searchAttributes: leadStatus('CONVERTED') });
    expect(leadCommands(calls)).toEqual(['initialize-lead', 'record-contact', 'set-followup', 'update-contact-details', 'record-contact', 'submit-order', 'confirm-payment']);
  });

  it('refuses a transition the Lead decider refuses, before anything is appended', async () => {
    let refusal: unknown;
    const { calls } = await kit.given().when(
      startLead(leadInput()),
      initialized,
      now(async ({ handle }) => { refusal = await handle.executeUpdate(confirmPaymentUpdate, { args: [correlated()] }).catch((err: unknown) => err); }),
      close,
    ).then({ state: { lead: { status: 'CLOSED' } } });
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: expect.any(String) });
    expect(leadCommands(calls)).toEqual(['initialize-lead', 'close-lead']);
  });

  it('ends at once when started without contact details; awaiting initialization is refused', async () => {
    let refusal: unknown;
    const { contact: _none, ...withoutContact } = leadInput();
    await kit.given().when(
      startLead(withoutContact),
      now(async ({ handle }) => { refusal = await handle.executeUpdate(leadInitializedUpdate).catch((err: unknown) => err); }),
    ).then({ state: { lead: null, initFailure: { code: 'lead-contact-missing' } }, calls: [] });
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'lead-contact-missing' });
  });

  it('ends at once when the Lead decider refuses to initialize it', async () => {
    await kit.given({ executeLeadCommand: refuse('lead-already-exists') }).when(startLead(leadInput())).then({
      state: { initFailure: { code: 'lead-already-exists' } },
      calls: ['executeLeadCommand'],
    });
  });

  it('records followup-due when the follow-up date arrives', async () => {
    const { calls } = await kit.given().when(
      startLead(leadInput()),
      initialized,
      now(async ({ handle }) => handle.executeUpdate(setFollowupUpdate, { args: [{ followupOn: new Date((await kit.env.currentTimeMs()) + DAY).toISOString(), ...correlated() }] })),
      now(({ sleep }) => sleep(2 * DAY)),
      atLead((s) => s.followupDueRecordedFor !== null, async () => undefined),
      close,
    ).then({ state: { lead: { status: 'CLOSED' } } });
    expect(leadCommands(calls)).toEqual(['initialize-lead', 'set-followup', 'record-followup-due', 'close-lead']);
  });

  it('fails the payment when the deadline passes without one', async () => {
    const { calls } = await kit.given().when(
      startLead(leadInput({ paymentWindow: '3 days' })),
      initialized,
      now(({ handle }) => handle.executeUpdate(submitOrderUpdate, { args: [correlated()] })),
      now(({ sleep }) => sleep(4 * DAY)),
      atStatus('PAYMENT_FAILED'),
      close,
    ).then({ state: { lead: { status: 'CLOSED' } } });
    expect(leadCommands(calls)).toEqual(['initialize-lead', 'submit-order', 'record-payment-failure', 'close-lead']);
  });

  it('takes fire-and-forget requests as signals: applies one, notes a refused one and a malformed one', async () => {
    const { state } = await kit.given().when(
      startLead(leadInput()),
      initialized,
      now(({ handle }) => handle.signal(leadRequestSignal, { type: 'record-contact', ...correlated() })),
      now(({ handle }) => handle.signal(leadRequestSignal, { type: 'confirm-payment', ...correlated() })),
      now(({ handle }) => handle.signal(leadRequestSignal, { type: 'dance' } as never)),
      atLead((s) => s.notes.length === 2, async () => undefined),
      now(({ handle }) => handle.signal(leadRequestSignal, { type: 'close-lead', reason: 'gone quiet', ...correlated() })),
    ).then<LeadProcessState>({ state: { lead: { status: 'CLOSED', contactCount: 1 } } });
    expect(state.notes).toEqual([expect.stringMatching(/^confirm-payment refused: /), 'signal ignored: not a lead request']);
  });

  it('continues as new after the configured number of messages, carrying its state', async () => {
    await kit.given().when(
      startLead(leadInput({ continueAsNewAfter: 2 })),
      initialized,
      now(({ handle }) => handle.executeUpdate(recordContactUpdate, { args: [correlated()] })),
      atLead((s) => s.run === 2, async () => undefined),
      close,
    ).then({ state: { run: 2, messagesHandled: 3, lead: { status: 'CLOSED', contactCount: 1 } } });
  });
});

describe('lead lifecycle: an order run as the order saga (a child workflow)', () => {
  it('converts the lead when the saga completes', async () => {
    const order = leadOrder('2 days');
    const { calls } = await kit.given().withChildren(orderWorkflowId(order.orderId)).when(
      startLead(leadInput()),
      initialized,
      now(({ handle }) => handle.executeUpdate(submitOrderUpdate, { args: [{ order, ...correlated() }] })),
    ).then({ state: { lead: { status: 'CONVERTED' }, order: { orderId: order.orderId, status: 'COMPLETED' } } });
    expect(leadCommands(calls)).toEqual(['initialize-lead', 'submit-order', 'confirm-payment']);
    expect(firstAttempts(calls, orderWorkflowId(order.orderId)).at(-1)).toBe('dispatchShipment');
  });

  it('fails the payment when the saga is rejected', async () => {
    const order = leadOrder();
    const { calls } = await kit.given({ authorizePayment: refuse('card-declined') }).withChildren(orderWorkflowId(order.orderId)).when(
      startLead(leadInput()),
      initialized,
      now(({ handle }) => handle.executeUpdate(submitOrderUpdate, { args: [{ order, ...correlated() }] })),
      atStatus('PAYMENT_FAILED'),
      close,
    ).then({ state: { lead: { status: 'CLOSED' }, order: { status: 'COMPENSATED', outcomeReason: expect.stringMatching(/^card-declined/) } } });
    expect(leadCommands(calls)).toEqual(['initialize-lead', 'submit-order', 'record-payment-failure', 'close-lead']);
  });

  it('refuses a manual payment confirmation while the saga decides', async () => {
    const order = leadOrder('2 days');
    let refusal: unknown;
    await kit.given().withChildren(orderWorkflowId(order.orderId)).when(
      startLead(leadInput()),
      initialized,
      now(({ handle }) => handle.executeUpdate(submitOrderUpdate, { args: [{ order, ...correlated() }] })),
      now(async ({ handle }) => { refusal = await handle.executeUpdate(confirmPaymentUpdate, { args: [correlated()] }).catch((err: unknown) => err); }),
    ).then({ state: { lead: { status: 'CONVERTED' } } });
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'payment-follows-order' });
  });

  it('cancels its order when the payment deadline passes first (a business cancel: the saga undoes its steps), then fails the payment', async () => {
    const order = leadOrder('10 days');
    const { calls } = await kit.given().withChildren(orderWorkflowId(order.orderId)).when(
      startLead(leadInput({ paymentWindow: '3 days' })),
      initialized,
      now(({ handle }) => handle.executeUpdate(submitOrderUpdate, { args: [{ order, ...correlated() }] })),
      now(({ sleep }) => sleep(4 * DAY)),
      atStatus('PAYMENT_FAILED'),
      close,
    ).then({ state: { order: { status: 'CANCELLED', cancelRequested: true } } });
    expect(leadCommands(calls)).toEqual(['initialize-lead', 'submit-order', 'record-payment-failure', 'close-lead']);
    expect(firstAttempts(calls, orderWorkflowId(order.orderId)).slice(-5)).toEqual(['revokeLoyaltyPoints', 'cancelShipment', 'refundPayment', 'releaseStock', 'cancelOrder']);
    expect((calls.find((c) => c.activity === 'executeLeadCommand' && (c.input as { command: { type: string } }).command.type === 'record-payment-failure')?.input as { command: { reason: string } }).command.reason)
      .toMatch(/^payment-deadline-passed: order .* cancelled$/);
  });

  it('fails the payment when the order saga cannot start (its order id is taken)', async () => {
    const order = leadOrder();
    const taken = orderWorkflowId(order.orderId);
    await kit.given().withChildren(taken).when(
      startLead(leadInput()),
      now(({ handle }) => handle.client.start<OrderFulfilmentWorkflow>('orderFulfilmentSaga', { taskQueue: kit.taskQueue, workflowId: taken, args: [{ ...order, correlationId: 'earlier' }] })),
      initialized,
      now(({ handle }) => handle.executeUpdate(submitOrderUpdate, { args: [{ order, ...correlated() }] })),
      atStatus('PAYMENT_FAILED'),
      close,
    ).then({ state: { order: { status: 'FAILED', outcomeReason: expect.stringMatching(/^the order saga did not start/) } } });
  });
});
