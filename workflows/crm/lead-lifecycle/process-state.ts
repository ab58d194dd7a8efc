import type { Lead, LeadState } from '../../../shared/domain/crm/lead/lead-state';
import type { LeadProcessState } from './lead-lifecycle-contract';

export const MAX_NOTES = 20;


/** The state a new run starts from after continue-as-new. */
export function carryOver(state: LeadProcessState): LeadProcessState {
  return {
    ...state,
    order: state.order ? { ...state.order } : null,
    notes: [...state.notes],
    messagesThisRun: 0,
    run: state.run + 1,
  };
}

export function addNote(state: LeadProcessState, note: string): void {
  state.notes.push(note);
  if (state.notes.length > MAX_NOTES) state.notes.splice(0, state.notes.length - MAX_NOTES);
}

/** CLOSED and CONVERTED accept no command: the process manager's work is done. */
export function isSettled(lead: LeadState): boolean {
  return lead !== null && (lead.status === 'CLOSED' || lead.status === 'CONVERTED');
}

export function isOrderRunning(state: LeadProcessState): boolean {
  return state.order?.status === 'RUNNING';
}

export type LeadTimer =
  | { readonly kind: 'followup-due'; readonly at: string }
  | { readonly kind: 'payment-deadline'; readonly at: string };

/** The durable timer the process manager waits on next, if any. */
export function nextTimer(state: LeadProcessState): LeadTimer | null {
  const lead: Lead | null = state.lead;
  if (lead === null) return null;
  if (lead.status === 'FOLLOWUP_SET' && lead.followupOn !== null && state.followupDueRecordedFor !== lead.followupOn) {
    return { kind: 'followup-due', at: lead.followupOn };
  }
  if (lead.status === 'PENDING_PAYMENT' && state.paymentDeadline !== null && !state.order?.cancelRequested) {
    return { kind: 'payment-deadline', at: state.paymentDeadline };
  }
  return null;
}

export function describeTimer(timer: LeadTimer): string {
  return timer.kind === 'followup-due' ? `follow-up due at ${timer.at}` : `payment deadline at ${timer.at}`;
}

/** Reasons built from failure messages can exceed the 500 characters a reason may have. */
export function clipReason(reason: string): string {
  const trimmed = reason.trim() || 'unknown';
  return trimmed.length <= 500 ? trimmed : `${trimmed.slice(0, 497)}...`;
}
