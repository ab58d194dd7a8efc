import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/kernel/validation-error';
import type { LeadCommand } from '../../../shared/domain/crm/lead/lead-commands';
import { leadDecider } from '../../../shared/domain/crm/lead/lead-decider';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import { given } from '../../support/given-when-then';
import { command, lead12, run, stateOf } from './lead-fixtures';

const ID = '7';
const PHONE = '+14155550100';
const NEW_PHONE = '+14155550199';
const T0 = '2024-03-01T09:00:00.000Z';
const T1 = '2024-03-01T10:00:00.000Z';
const T2 = '2024-03-01T11:00:00.000Z';
const LATER = '2024-03-08T09:00:00.000Z';

const initialized: LeadEvent = {
  type: 'lead-initialized',
  payload: { 'lead-id': ID, 'first-name': 'Ada', 'last-name': 'Byron', 'phone-number': PHONE, timestamp: T0 },
};
const contacted: LeadEvent = { type: 'contacted', payload: { 'lead-id': ID, timestamp: T1 } };
const followupSet: LeadEvent = {
  type: 'followup-set',
  payload: { 'lead-id': ID, 'followup-on': LATER, timestamp: T1 },
};
const orderSubmitted: LeadEvent = {
  type: 'order-submitted',
  payload: { 'lead-id': ID, 'payment-deadline': LATER, timestamp: T1 },
};
const paymentConfirmed: LeadEvent = {
  type: 'payment-confirmed',
  payload: { 'lead-id': ID, status: 'converted', timestamp: T2 },
};
const paymentFailed: LeadEvent = {
  type: 'payment-failed',
  payload: { 'lead-id': ID, status: 'payment-failed', reason: 'card-declined', timestamp: T2 },
};
const leadClosed: LeadEvent = {
  type: 'lead-closed',
  payload: { 'lead-id': ID, reason: 'not-interested', timestamp: T2 },
};

const newLead = [initialized];
const withFollowup = [initialized, contacted, followupSet];
const pendingPayment = [initialized, contacted, orderSubmitted];
const converted = [...pendingPayment, paymentConfirmed];
const failed = [...pendingPayment, paymentFailed];
const closed = [initialized, contacted, leadClosed];

const NOW = '2024-03-02T09:00:00.000Z';
/** Every command but initialize-lead, valid in itself, issued at NOW. */
const everyCommandOnALead: readonly (readonly [string, LeadCommand])[] = [
  command.contact(ID, NOW),
  command.setFollowup(ID, LATER, NOW),
  command.updateDetails(ID, 'Ada', 'Lovelace', NEW_PHONE, NOW),
  command.submitOrder(ID, LATER, NOW),
  command.confirmPayment(ID, NOW),
  command.failPayment(ID, 'card-declined', NOW),
  command.close(ID, 'not-interested', NOW),
  command.followupDue(ID, LATER, LATER),
].map((c) => [c.type, c] as const);

describe("Lead decider: the talk's lead 12", () => {
  it('initialized, contacted, follow-up set, details updated, contacted, order submitted, payment confirmed', () => {
    const events = run(lead12.commands);
    expect(events).toStrictEqual(lead12.events);
    expect(stateOf(events)).toStrictEqual({
      leadId: '12',
      firstName: 'Casey',
      lastName: 'Davis',
      status: 'CONVERTED',
      phoneNumber: '+14155558101',
      followupOn: null,
      createdOn: '2020-05-20T09:52:55.950Z',
      updatedOn: '2020-05-27T12:38:44.120Z',
      contactCount: 2,
      followupCount: 1,
    });
  });
});

describe('Lead decider: accepted commands', () => {
  it('initializes a NEW_LEAD, trimming names and normalising the phone number and time', () => {
    const state = given(leadDecider)
      .when(command.initialize(ID, ' Ada ', 'Byron', '+1 415-555-0100', '2024-03-01T10:00:00+01:00'))
      .then([initialized]);
    expect(state).toStrictEqual({
      leadId: ID,
      firstName: 'Ada',
      lastName: 'Byron',
      status: 'NEW_LEAD',
      phoneNumber: PHONE,
      followupOn: null,
      createdOn: T0,
      updatedOn: T0,
      contactCount: 0,
      followupCount: 0,
    });
  });

  it('records a contact without changing the status', () => {
    const state = given(leadDecider, newLead).when(command.contact(ID, T1)).then([contacted]);
    expect(state).toMatchObject({ status: 'NEW_LEAD', contactCount: 1, updatedOn: T1 });
  });

  it('sets a follow-up, and a reschedule counts as another follow-up', () => {
    given(leadDecider, newLead).when(command.setFollowup(ID, LATER, T1)).then([followupSet]);
    const state = given(leadDecider, withFollowup)
      .when(command.setFollowup(ID, '2024-03-09T09:00:00Z', T2))
      .then([
        {
          type: 'followup-set',
          payload: { 'lead-id': ID, 'followup-on': '2024-03-09T09:00:00.000Z', timestamp: T2 },
        },
      ]);
    expect(state).toMatchObject({
      status: 'FOLLOWUP_SET',
      followupOn: '2024-03-09T09:00:00.000Z',
      followupCount: 2,
      contactCount: 1,
    });
  });

  it('submits an order: PENDING_PAYMENT and the follow-up date is cleared', () => {
    const state = given(leadDecider, withFollowup).when(command.submitOrder(ID, LATER, T1)).then([orderSubmitted]);
    expect(state).toMatchObject({ status: 'PENDING_PAYMENT', followupOn: null, followupCount: 1 });
  });

  it('confirms a pending payment: CONVERTED', () => {
    const state = given(leadDecider, pendingPayment).when(command.confirmPayment(ID, T2)).then([paymentConfirmed]);
    expect(state?.status).toBe('CONVERTED');
  });

  it('records a failed payment: PAYMENT_FAILED, after which the sales team may try again', () => {
    const state = given(leadDecider, pendingPayment)
      .when(command.failPayment(ID, ' card-declined ', T2))
      .then([paymentFailed]);
    expect(state?.status).toBe('PAYMENT_FAILED');
    const retried = run(
      [
        command.contact(ID, '2024-03-01T12:00:00Z'),
        command.submitOrder(ID, LATER, '2024-03-01T12:00:00Z'),
        command.confirmPayment(ID, '2024-03-01T13:00:00Z'),
      ],
      failed,
    );
    expect(retried.slice(failed.length)).toStrictEqual([
      { type: 'contacted', payload: { 'lead-id': ID, timestamp: '2024-03-01T12:00:00.000Z' } },
      {
        type: 'order-submitted',
        payload: { 'lead-id': ID, 'payment-deadline': LATER, timestamp: '2024-03-01T12:00:00.000Z' },
      },
      {
        type: 'payment-confirmed',
        payload: { 'lead-id': ID, status: 'converted', timestamp: '2024-03-01T13:00:00.000Z' },
      },
    ]);
    expect(stateOf(retried)).toMatchObject({ status: 'CONVERTED', contactCount: 2 });
  });

  it('closes a lead that is not interested', () => {
    const state = given(leadDecider, [initialized, contacted])
      .when(command.close(ID, 'not-interested', T2))
      .then([leadClosed]);
    expect(state).toMatchObject({ status: 'CLOSED', followupOn: null });
  });

  it.each([
    ['NEW_LEAD', newLead],
    ['FOLLOWUP_SET', withFollowup],
    ['PENDING_PAYMENT', pendingPayment],
    ['PAYMENT_FAILED', failed],
  ] as const)('updates contact details when %s, keeping the status', (status, history) => {
    const state = given(leadDecider, history)
      .when(command.updateDetails(ID, 'Ada', 'Lovelace', NEW_PHONE, T2))
      .then([
        {
          type: 'contact-details-updated',
          payload: { 'lead-id': ID, 'first-name': 'Ada', 'last-name': 'Lovelace', 'phone-number': NEW_PHONE, timestamp: T2 },
        },
      ]);
    expect(state).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', phoneNumber: NEW_PHONE, status });
  });

  it('decides nothing for contact details identical to the current ones (after normalisation)', () => {
    given(leadDecider, newLead).when(command.updateDetails(ID, 'Ada ', 'Byron', '+1 (415) 555-0100', T1)).then([]);
  });

  it('records a due follow-up at or after its date, changing only updated-on', () => {
    const due: LeadEvent = { type: 'followup-due', payload: { 'lead-id': ID, 'followup-on': LATER, timestamp: LATER } };
    const state = given(leadDecider, withFollowup).when(command.followupDue(ID, LATER, LATER)).then([due]);
    expect(state).toStrictEqual({ ...stateOf(withFollowup), updatedOn: LATER });
    given(leadDecider, withFollowup)
      .when(command.followupDue(ID, LATER, '2024-03-08T10:00:00Z'))
      .then([{ type: 'followup-due', payload: { 'lead-id': ID, 'followup-on': LATER, timestamp: '2024-03-08T10:00:00.000Z' } }]);
  });

  it("never stamps an event earlier than the lead's latest event (clock skew)", () => {
    given(leadDecider, [initialized, contacted])
      .when(command.contact(ID, '2024-03-01T09:59:59.000Z'))
      .then([{ type: 'contacted', payload: { 'lead-id': ID, timestamp: T1 } }]);
  });
});

describe('Lead decider: refused commands', () => {
  it('refuses to initialize a lead twice', () => {
    given(leadDecider, newLead)
      .when(command.initialize(ID, 'Ada', 'Byron', PHONE, T1))
      .thenRejected('lead-already-initialized', { leadId: ID, command: 'initialize-lead', status: 'NEW_LEAD' });
  });

  it.each(everyCommandOnALead)('refuses %s on a lead that does not exist', (type, cmd) => {
    given(leadDecider).when(cmd).thenRejected('lead-not-found', { leadId: ID, command: type });
  });

  it("refuses a command addressed to another lead than the stream's", () => {
    given(leadDecider, newLead)
      .when(command.contact('8', T1))
      .thenRejected('lead-id-mismatch', { leadId: '8', streamLeadId: ID });
  });

  it.each(everyCommandOnALead)('a closed lead accepts nothing: %s', (type, cmd) => {
    const rejection = given(leadDecider, closed)
      .when(cmd)
      .thenRejected('lead-already-closed', { leadId: ID, command: type, status: 'CLOSED' });
    expect(rejection.message).toBe(`Lead ${ID} is closed and accepts no further changes`);
  });

  it.each(everyCommandOnALead)('a converted lead accepts nothing (it cannot even be contacted): %s', (type, cmd) => {
    given(leadDecider, converted)
      .when(cmd)
      .thenRejected('lead-already-converted', { leadId: ID, command: type, status: 'CONVERTED' });
  });

  it.each([
    command.contact(ID, NOW),
    command.setFollowup(ID, LATER, NOW),
    command.submitOrder(ID, LATER, NOW),
    command.close(ID, 'not-interested', NOW),
  ])('while an order awaits payment, $type is refused', (cmd) => {
    given(leadDecider, pendingPayment).when(cmd).thenRejected('payment-pending', { status: 'PENDING_PAYMENT' });
  });

  it.each([
    ['NEW_LEAD', newLead],
    ['FOLLOWUP_SET', withFollowup],
    ['PAYMENT_FAILED', failed],
  ] as const)('payment can be confirmed or failed only when PENDING_PAYMENT, not %s', (status, history) => {
    given(leadDecider, history).when(command.confirmPayment(ID, NOW)).thenRejected('payment-not-pending', { status });
    given(leadDecider, history)
      .when(command.failPayment(ID, 'card-declined', NOW))
      .thenRejected('payment-not-pending', { status });
  });

  it.each([NOW, '2024-03-02T08:59:59.999Z'])('refuses a follow-up date not after now (%s)', (followupOn) => {
    given(leadDecider, newLead)
      .when(command.setFollowup(ID, followupOn, NOW))
      .thenRejected('followup-not-in-future', { followupOn, now: NOW });
  });

  it.each([NOW, '2024-03-02T10:00:00+02:00'])('refuses a payment deadline not after now (%s)', (deadline) => {
    given(leadDecider, newLead)
      .when(command.submitOrder(ID, deadline, NOW))
      .thenRejected('payment-deadline-not-in-future', { now: NOW });
  });

  it.each([
    ['NEW_LEAD', newLead],
    ['PENDING_PAYMENT', pendingPayment],
    ['PAYMENT_FAILED', failed],
  ] as const)('refuses a due follow-up for a lead with no follow-up scheduled (%s)', (status, history) => {
    given(leadDecider, history).when(command.followupDue(ID, LATER, LATER)).thenRejected('followup-not-set', { status });
  });

  it('refuses a due follow-up from a timer set for a date since rescheduled', () => {
    given(leadDecider, withFollowup)
      .when(command.followupDue(ID, '2024-03-05T09:00:00Z', '2024-03-05T09:00:00Z'))
      .thenRejected('followup-rescheduled', { followupOn: '2024-03-05T09:00:00.000Z', scheduledFollowupOn: LATER });
  });

  it('refuses a follow-up that is not due yet', () => {
    given(leadDecider, withFollowup)
      .when(command.followupDue(ID, LATER, '2024-03-08T08:59:59.999Z'))
      .thenRejected('followup-not-due', { followupOn: LATER, now: '2024-03-08T08:59:59.999Z' });
  });

  it.each([
    ['command.now', command.contact(ID, 'yesterday')],
    ['command.now', command.contact(ID, '2024-03-02T09:00:00')],
    ['command.phoneNumber', command.updateDetails(ID, 'Ada', 'Byron', '555-2951', NOW)],
    ['command.firstName', command.initialize(ID, ' ', 'Byron', PHONE, NOW)],
    ['command.leadId', command.initialize('lead 7', 'Ada', 'Byron', PHONE, NOW)],
    ['command.reason', command.close(ID, '  ', NOW)],
    ['command.paymentDeadline', command.submitOrder(ID, 'friday', NOW)],
  ] as const)('refuses invalid data with a ValidationError naming %s', (field, cmd) => {
    const rejection = given(leadDecider, newLead).when(cmd).thenRejected('invalid-value', { field });
    expect(rejection).toBeInstanceOf(ValidationError);
  });
});

describe('Lead evolve', () => {
  it('ignores events on a stream that was never initialized, and a second initialization', () => {
    expect(leadDecider.evolve(null, contacted)).toBeNull();
    const state = stateOf(newLead);
    expect(leadDecider.evolve(state, { ...initialized, payload: { ...initialized.payload, 'first-name': 'Eve' } })).toBe(
      state,
    );
  });
});
