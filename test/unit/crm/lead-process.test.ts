import { describe, expect, it } from 'vitest';
import { leadDecider } from '../../../shared/domain/crm/lead/lead-decider';
import { isLeadRequest, newLeadProcess, toLeadCommand, type LeadProcessState } from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { addNote, carryOver, clipReason, MAX_NOTES, nextTimer } from '../../../workflows/crm/lead-lifecycle/process-state';
import { lead12, stateOf } from './lead-fixtures';

const NOW = new Date('2020-05-20T12:32:08.240Z');
const THREE_DAYS = 3 * 24 * 60 * 60_000;

function processAt(eventCount: number, extra: Partial<LeadProcessState> = {}): LeadProcessState {
  return { ...newLeadProcess('12'), lead: stateOf(lead12.events.slice(0, eventCount)), version: eventCount, ...extra };
}

describe('toLeadCommand', () => {
  it('stamps the request with workflow time and names the lead', () => {
    expect(toLeadCommand({ type: 'set-followup', followupOn: '2020-05-27T12:00:00.000Z', correlationId: 'c' }, '12', NOW, THREE_DAYS)).toEqual({
      type: 'set-followup',
      leadId: '12',
      followupOn: '2020-05-27T12:00:00.000Z',
      now: '2020-05-20T12:32:08.240Z',
    });
  });

  it('gives a submitted order without a deadline the payment window from now', () => {
    const command = toLeadCommand({ type: 'submit-order', correlationId: 'c' }, '12', NOW, THREE_DAYS);
    expect(command).toMatchObject({ type: 'submit-order', paymentDeadline: '2020-05-23T12:32:08.240Z' });
  });

  it('yields commands the Lead decider decides as the talk does', () => {
    const state = stateOf(lead12.events.slice(0, 2));
    const command = toLeadCommand({ type: 'set-followup', followupOn: '2020-05-27T12:00:00.00Z', correlationId: 'c' }, '12', NOW, THREE_DAYS);
    expect(leadDecider.decide(command, state)).toEqual([lead12.events[2]]);
  });
});

describe('isLeadRequest', () => {
  it('accepts known request types with a correlation id only', () => {
    expect(isLeadRequest({ type: 'record-contact', correlationId: 'c' })).toBe(true);
    expect(isLeadRequest({ type: 'record-followup-due', correlationId: 'c' })).toBe(false);
    expect(isLeadRequest({ type: 'record-contact' })).toBe(false);
    expect(isLeadRequest('record-contact')).toBe(false);
    expect(isLeadRequest(null)).toBe(false);
  });
});

describe('clipReason', () => {
  it('keeps a reason within 500 characters and never blank', () => {
    expect(clipReason('x'.repeat(600))).toHaveLength(500);
    expect(clipReason('  ')).toBe('unknown');
    expect(clipReason(' card declined ')).toBe('card declined');
  });
});

describe('nextTimer', () => {
  it('waits for the follow-up of a FOLLOWUP_SET lead until its followup-due is recorded', () => {
    expect(nextTimer(processAt(3))).toEqual({ kind: 'followup-due', at: '2020-05-27T12:00:00.000Z' });
    expect(nextTimer(processAt(3, { followupDueRecordedFor: '2020-05-27T12:00:00.000Z' }))).toBeNull();
    expect(nextTimer(processAt(3, { followupDueRecordedFor: '2020-05-26T12:00:00.000Z' }))).toEqual({ kind: 'followup-due', at: '2020-05-27T12:00:00.000Z' });
  });

  it('waits for the payment deadline while PENDING_PAYMENT, unless the order saga was already asked to cancel', () => {
    const deadline = '2020-05-30T12:02:12.510Z';
    expect(nextTimer(processAt(6, { paymentDeadline: deadline }))).toEqual({ kind: 'payment-deadline', at: deadline });
    const order = { orderId: 'o1', workflowId: 'order-o1', correlationId: 'c', status: 'RUNNING' as const, outcomeReason: null, cancelRequested: true };
    expect(nextTimer(processAt(6, { paymentDeadline: deadline, order }))).toBeNull();
  });

  it('has nothing to wait for on a new, converted or uninitialized lead', () => {
    expect(nextTimer(processAt(1))).toBeNull();
    expect(nextTimer(processAt(7))).toBeNull();
    expect(nextTimer(newLeadProcess('12'))).toBeNull();
  });
});

describe('continue-as-new hand-over and notes', () => {
  it('carries the state into the next run with a fresh message count', () => {
    const state = processAt(3, { messagesHandled: 12, messagesThisRun: 12, notes: ['a'] });
    const next = carryOver(state);
    expect(next).toMatchObject({ lead: state.lead, version: 3, messagesHandled: 12, messagesThisRun: 0, run: 2, notes: ['a'] });
    next.notes.push('b');
    expect(state.notes).toEqual(['a']);
  });

  it('keeps only the latest notes', () => {
    const state = newLeadProcess('12');
    for (let i = 0; i < MAX_NOTES + 5; i++) addNote(state, `note ${i}`);
    expect(state.notes).toHaveLength(MAX_NOTES);
    expect(state.notes.at(-1)).toBe(`note ${MAX_NOTES + 4}`);
    expect(state.notes[0]).toBe('note 5');
  });
});
