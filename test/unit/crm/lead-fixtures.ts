import { fold } from '../../../shared/platform/event-store/decider';
import type { LeadCommand } from '../../../shared/domain/crm/lead/lead-commands';
import { leadDecider } from '../../../shared/domain/crm/lead/lead-decider';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import type { LeadState } from '../../../shared/domain/crm/lead/lead-state';

/** Plain JSON lead commands, as the workflow sends them to the activity. */
export const command = {
  initialize: (leadId: string, firstName: string, lastName: string, phoneNumber: string, now: string): LeadCommand => ({
    type: 'initialize-lead',
    leadId,
    firstName,
    lastName,
    phoneNumber,
    now,
  }),
  contact: (leadId: string, now: string): LeadCommand => ({ type: 'record-contact', leadId, now }),
  setFollowup: (leadId: string, followupOn: string, now: string): LeadCommand => ({
    type: 'set-followup',
    leadId,
    followupOn,
    now,
  }),
  updateDetails: (leadId: string, firstName: string, lastName: string, phoneNumber: string, now: string): LeadCommand => ({
    type: 'update-contact-details',
    leadId,
    firstName,
    lastName,
    phoneNumber,
    now,
  }),
  submitOrder: (leadId: string, paymentDeadline: string, now: string): LeadCommand => ({
    type: 'submit-order',
    leadId,
    paymentDeadline,
    now,
  }),
  confirmPayment: (leadId: string, now: string): LeadCommand => ({ type: 'confirm-payment', leadId, now }),
  failPayment: (leadId: string, reason: string, now: string): LeadCommand => ({
    type: 'record-payment-failure',
    leadId,
    reason,
    now,
  }),
  close: (leadId: string, reason: string, now: string): LeadCommand => ({ type: 'close-lead', leadId, reason, now }),
  followupDue: (leadId: string, followupOn: string, now: string): LeadCommand => ({
    type: 'record-followup-due',
    leadId,
    followupOn,
    now,
  }),
};

export function stateOf(history: readonly LeadEvent[]): LeadState {
  return fold(leadDecider, leadDecider.initialState, history);
}

/** Runs commands one after another through decide/evolve; returns the history followed by the new events. */
export function run(commands: readonly LeadCommand[], history: readonly LeadEvent[] = []): LeadEvent[] {
  const events: LeadEvent[] = [...history];
  for (const cmd of commands) events.push(...leadDecider.decide(cmd, stateOf(events)));
  return events;
}

/**
 * The talk's lead 12 ("Rebuilding The Data"). Two adaptations: phone numbers are E.164 (the
 * platform's PhoneNumber; the talk's 555-2951 becomes +14155552951) and timestamps are stored
 * normalised to UTC milliseconds (09:52:55.95Z becomes 09:52:55.950Z).
 */
export const lead12 = {
  commands: [
    command.initialize('12', 'Casey', 'David', '+1 (415) 555-2951', '2020-05-20T09:52:55.95Z'),
    command.contact('12', '2020-05-20T12:32:08.24Z'),
    command.setFollowup('12', '2020-05-27T12:00:00.00Z', '2020-05-20T12:32:08.24Z'),
    command.updateDetails('12', 'Casey', 'Davis', '+1 (415) 555-8101', '2020-05-20T12:32:08.24Z'),
    command.contact('12', '2020-05-27T12:02:12.51Z'),
    command.submitOrder('12', '2020-05-30T12:02:12.51Z', '2020-05-27T12:02:12.51Z'),
    command.confirmPayment('12', '2020-05-27T12:38:44.12Z'),
  ],
  events: [
    {
      type: 'lead-initialized',
      payload: {
        'lead-id': '12',
        'first-name': 'Casey',
        'last-name': 'David',
        'phone-number': '+14155552951',
        timestamp: '2020-05-20T09:52:55.950Z',
      },
    },
    { type: 'contacted', payload: { 'lead-id': '12', timestamp: '2020-05-20T12:32:08.240Z' } },
    {
      type: 'followup-set',
      payload: { 'lead-id': '12', 'followup-on': '2020-05-27T12:00:00.000Z', timestamp: '2020-05-20T12:32:08.240Z' },
    },
    {
      type: 'contact-details-updated',
      payload: {
        'lead-id': '12',
        'first-name': 'Casey',
        'last-name': 'Davis',
        'phone-number': '+14155558101',
        timestamp: '2020-05-20T12:32:08.240Z',
      },
    },
    { type: 'contacted', payload: { 'lead-id': '12', timestamp: '2020-05-27T12:02:12.510Z' } },
    {
      type: 'order-submitted',
      payload: {
        'lead-id': '12',
        'payment-deadline': '2020-05-30T12:02:12.510Z',
        timestamp: '2020-05-27T12:02:12.510Z',
      },
    },
    {
      type: 'payment-confirmed',
      payload: { 'lead-id': '12', status: 'converted', timestamp: '2020-05-27T12:38:44.120Z' },
    },
  ] satisfies LeadEvent[],
};
