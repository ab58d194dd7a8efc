import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/kernel/validation-error';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import { renderLeadHistory, stateAsOf } from '../../../shared/domain/crm/lead/lead-history';
import { lead12, stateOf } from './lead-fixtures';

describe('renderLeadHistory', () => {
  it("renders lead 12 in the talk's JSON shape, event-id being the position in the stream", () => {
    const history = renderLeadHistory(lead12.events);
    expect(history).toEqual([
      {
        'lead-id': '12',
        'event-id': 0,
        'event-type': 'lead-initialized',
        'first-name': 'Casey',
        'last-name': 'David',
        'phone-number': '+14155552951',
        timestamp: '2020-05-20T09:52:55.950Z',
      },
      { 'lead-id': '12', 'event-id': 1, 'event-type': 'contacted', timestamp: '2020-05-20T12:32:08.240Z' },
      {
        'lead-id': '12',
        'event-id': 2,
        'event-type': 'followup-set',
        'followup-on': '2020-05-27T12:00:00.000Z',
        timestamp: '2020-05-20T12:32:08.240Z',
      },
      {
        'lead-id': '12',
        'event-id': 3,
        'event-type': 'contact-details-updated',
        'first-name': 'Casey',
        'last-name': 'Davis',
        'phone-number': '+14155558101',
        timestamp: '2020-05-20T12:32:08.240Z',
      },
      { 'lead-id': '12', 'event-id': 4, 'event-type': 'contacted', timestamp: '2020-05-27T12:02:12.510Z' },
      {
        'lead-id': '12',
        'event-id': 5,
        'event-type': 'order-submitted',
        'payment-deadline': '2020-05-30T12:02:12.510Z',
        timestamp: '2020-05-27T12:02:12.510Z',
      },
      {
        'lead-id': '12',
        'event-id': 6,
        'event-type': 'payment-confirmed',
        status: 'converted',
        timestamp: '2020-05-27T12:38:44.120Z',
      },
    ]);
  });

  it('orders the keys as the talk does: lead-id, event-id, event-type, fields, timestamp', () => {
    const [, , followup] = renderLeadHistory(lead12.events);
    expect(Object.keys(followup ?? {})).toEqual(['lead-id', 'event-id', 'event-type', 'followup-on', 'timestamp']);
  });

  it('shows a recorded followup-due and a payment failure with its reason', () => {
    const events: LeadEvent[] = [
      {
        type: 'followup-due',
        payload: { 'lead-id': '5', 'followup-on': '2019-12-04T01:49:08.050Z', timestamp: '2019-12-04T01:49:08.050Z' },
      },
      {
        type: 'payment-failed',
        payload: { 'lead-id': '5', status: 'payment-failed', reason: 'card-declined', timestamp: '2019-12-05T00:00:00.000Z' },
      },
    ];
    expect(renderLeadHistory(events)).toEqual([
      {
        'lead-id': '5',
        'event-id': 0,
        'event-type': 'followup-due',
        'followup-on': '2019-12-04T01:49:08.050Z',
        timestamp: '2019-12-04T01:49:08.050Z',
      },
      {
        'lead-id': '5',
        'event-id': 1,
        'event-type': 'payment-failed',
        status: 'payment-failed',
        reason: 'card-declined',
        timestamp: '2019-12-05T00:00:00.000Z',
      },
    ]);
  });

  it('renders an empty stream as an empty history', () => {
    expect(renderLeadHistory([])).toEqual([]);
  });
});

describe('stateAsOf on lead 12', () => {
  const events = lead12.events;

  it('is null before the lead was initialized', () => {
    expect(stateAsOf(events, '2020-05-20T09:52:55.949Z')).toBeNull();
  });

  it('returns the NEW_LEAD with the old last name and phone number before the details update', () => {
    expect(stateAsOf(events, '2020-05-20T12:00:00Z')).toEqual({
      leadId: '12',
      firstName: 'Casey',
      lastName: 'David',
      status: 'NEW_LEAD',
      phoneNumber: '+14155552951',
      followupOn: null,
      createdOn: '2020-05-20T09:52:55.950Z',
      updatedOn: '2020-05-20T09:52:55.950Z',
      contactCount: 0,
      followupCount: 0,
    });
  });

  it('includes every event at exactly the given instant (three share 12:32:08.24)', () => {
    expect(stateAsOf(events, '2020-05-20T12:32:08.24Z')).toEqual({
      leadId: '12',
      firstName: 'Casey',
      lastName: 'Davis',
      status: 'FOLLOWUP_SET',
      phoneNumber: '+14155558101',
      followupOn: '2020-05-27T12:00:00.000Z',
      createdOn: '2020-05-20T09:52:55.950Z',
      updatedOn: '2020-05-20T12:32:08.240Z',
      contactCount: 1,
      followupCount: 1,
    });
  });

  it('is FOLLOWUP_SET while waiting for the follow-up call, in any offset notation', () => {
    expect(stateAsOf(events, '2020-05-27T13:59:00+02:00')).toMatchObject({ status: 'FOLLOWUP_SET', contactCount: 1 });
  });

  it('is PENDING_PAYMENT between the order and the payment, accepting a Date', () => {
    expect(stateAsOf(events, new Date('2020-05-27T12:30:00Z'))).toMatchObject({
      status: 'PENDING_PAYMENT',
      followupOn: null,
      contactCount: 2,
      updatedOn: '2020-05-27T12:02:12.510Z',
    });
  });

  it('equals the current state from the last event on', () => {
    expect(stateAsOf(events, '2020-05-27T12:38:44.12Z')).toEqual(stateOf(events));
    expect(stateAsOf(events, '2030-01-01T00:00:00Z')).toEqual(stateOf(events));
  });

  it('refuses an instant that is not ISO-8601', () => {
    expect(() => stateAsOf(events, '27/05/2020')).toThrow(ValidationError);
    expect(() => stateAsOf(events, new Date('nonsense'))).toThrow(ValidationError);
  });
});
