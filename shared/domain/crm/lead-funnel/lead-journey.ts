import { evolveLead } from '../lead/lead-decider';
import type { LeadEvent, LeadEventType } from '../lead/lead-events';
import type { Lead, LeadState } from '../lead/lead-state';
import { LOST_STATUSES, type LeadStatus, type LostStatus } from '../lead/lead-status';

/** What the funnel analytics need to know about one lead's whole history. */
export interface LeadJourney {
  readonly leadId: string;
  readonly finalStatus: LeadStatus;
  readonly contactCount: number;
  readonly followupCount: number;
  /** Timestamp of the first `contacted` event, if any. */
  readonly firstContactedAt: string | null;
  /** Timestamp of `payment-confirmed`, if the lead converted. */
  readonly convertedAt: string | null;
  /** If the lead ends CLOSED or PAYMENT_FAILED: the status before that last loss and the contacts made by then. */
  readonly loss: { readonly lostAs: LostStatus; readonly previousStatus: LeadStatus; readonly contactsBefore: number } | null;
}

/**
 * What the funnel keeps of one event of an initialized lead: when it happened (the event's
 * `timestamp`), its type, and the lead's status and counters after it. A lead's steps are all the
 * funnel needs of its history (and no personal data), also as of an earlier instant.
 */
export interface JourneyStep {
  readonly at: string;
  readonly type: LeadEventType;
  readonly status: LeadStatus;
  readonly contactCount: number;
  readonly followupCount: number;
}

function isLost(status: LeadStatus): status is LostStatus {
  return (LOST_STATUSES as readonly LeadStatus[]).includes(status);
}

/**
 * The step after `previous` (null: the lead not initialized yet); null while the lead does not
 * exist. The lead decider's own transitions decide it, on a lead rebuilt from the previous step
 * (the funnel never reads the personal fields, so they stay empty).
 */
export function nextJourneyStep(leadId: string, previous: JourneyStep | null, event: LeadEvent): JourneyStep | null {
  const before: LeadState = previous && {
    leadId, firstName: '', lastName: '', phoneNumber: '', status: previous.status, followupOn: null,
    createdOn: previous.at, updatedOn: previous.at, contactCount: previous.contactCount, followupCount: previous.followupCount,
  };
  const after: Lead | null = evolveLead(before, event);
  if (!after) return null;
  return { at: event.payload.timestamp, type: event.type, status: after.status, contactCount: after.contactCount, followupCount: after.followupCount };
}

export function journeySteps(leadId: string, events: readonly LeadEvent[]): JourneyStep[] {
  const steps: JourneyStep[] = [];
  for (const event of events) {
    const step = nextJourneyStep(leadId, steps.at(-1) ?? null, event);
    if (step) steps.push(step);
  }
  return steps;
}

/** The journey of a lead from its steps (oldest first); null if it has none (not initialized). */
export function journeyFromSteps(leadId: string, steps: readonly JourneyStep[]): LeadJourney | null {
  const last = steps.at(-1);
  if (!last) return null;
  let firstContactedAt: string | null = null;
  let convertedAt: string | null = null;
  let loss: LeadJourney['loss'] = null;
  steps.forEach((step, i) => {
    const before = steps[i - 1];
    if (!before) return;
    if (step.type === 'contacted' && firstContactedAt === null) firstContactedAt = step.at;
    if (step.type === 'payment-confirmed') convertedAt = step.at;
    if (step.status !== before.status && isLost(step.status)) {
      loss = { lostAs: step.status, previousStatus: before.status, contactsBefore: before.contactCount };
    }
  });
  return {
    leadId,
    finalStatus: last.status,
    contactCount: last.contactCount,
    followupCount: last.followupCount,
    firstContactedAt,
    convertedAt,
    loss: isLost(last.status) ? loss : null,
  };
}

/** Summarises one lead's stream (oldest first); null if it holds no `lead-initialized`. */
export function summarizeLeadJourney(events: readonly LeadEvent[]): LeadJourney | null {
  const initialized = events.find((e) => e.type === 'lead-initialized');
  if (!initialized) return null;
  const leadId = initialized.payload['lead-id'];
  return journeyFromSteps(leadId, journeySteps(leadId, events));
}
