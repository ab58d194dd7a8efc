import type { Lead, LeadState } from '../../../shared/crm/lead/lead-state';
import type { SagaStatus } from '../../ordering/order-fulfilment/saga-state';

/** The order saga a lead's submitted order runs as (a child workflow), and how it ended. */
export interface LeadOrderProgress {
  readonly orderId: string;
  readonly workflowId: string;
  /** Of the submit-order request; stamped on the payment outcome the order leads to. */
  readonly correlationId: string;
  status: 'RUNNING' | SagaStatus | 'FAILED';
  outcomeReason: string | null;
  /** The payment deadline passed while the saga ran: the lead asked it to cancel. */
  cancelRequested: boolean;
}

export interface Refusal {
  readonly code: string;
  readonly message: string;
}

/**
 * What the lead's process manager knows: the lead as stored (it adopts the state each append
 * returns), the timers it keeps, and its own bookkeeping. Answered by the `leadProcess` query
 * and carried across continue-as-new.
 */
export interface LeadProcessState {
  readonly leadId: string;
  lead: LeadState;
  /** Version of the lead's stream `lead` reflects. */
  version: number;
  /** While PENDING_PAYMENT: when the payment must have arrived. */
  paymentDeadline: string | null;
  /** The latest order submitted with order lines (null for a manually paid order). */
  order: LeadOrderProgress | null;
  /** The `followup-on` whose `followup-due` has been recorded (so its timer does not fire again). */
  followupDueRecordedFor: string | null;
  /** Of the request that armed the current timer (followup-set or order-submitted); stamped on what the timer appends. */
  timerCorrelationId: string | null;
  /** The first run could not initialize the lead. */
  initFailure: Refusal | null;
  /** Updates, signals and timers handled over the lead's whole life. */
  messagesHandled: number;
  /** The same, in this run (continue-as-new resets it). */
  messagesThisRun: number;
  /** 1 for the first run, +1 per continue-as-new. */
  run: number;
  /** The latest refusals of fire-and-forget signals and timer steps, newest last. */
  notes: string[];
}

export const MAX_NOTES = 20;

export function newLeadProcess(leadId: string): LeadProcessState {
  return {
    leadId,
    lead: null,
    version: 0,
    paymentDeadline: null,
    order: null,
    followupDueRecordedFor: null,
    timerCorrelationId: null,
    initFailure: null,
    messagesHandled: 0,
    messagesThisRun: 0,
    run: 1,
    notes: [],
  };
}

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
