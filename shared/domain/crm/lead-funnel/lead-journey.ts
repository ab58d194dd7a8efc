import { evolveLead } from '../lead/lead-decider';
import type { LeadEvent } from '../lead/lead-events';
import type { LeadState } from '../lead/lead-state';
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

function isLost(status: LeadStatus): status is LostStatus {
  return (LOST_STATUSES as readonly LeadStatus[]).includes(status);
}

/** Summarises one lead's stream (oldest first); null if it holds no `lead-initialized`. */
export function summarizeLeadJourney(events: readonly LeadEvent[]): LeadJourney | null {
  let state: LeadState = null;
  let firstContactedAt: string | null = null;
  let convertedAt: string | null = null;
  let loss: LeadJourney['loss'] = null;
  for (const event of events) {
    const before = state;
    state = evolveLead(state, event);
    if (state === null || before === null) continue;
    if (event.type === 'contacted' && firstContactedAt === null) firstContactedAt = event.payload.timestamp;
    if (event.type === 'payment-confirmed') convertedAt = event.payload.timestamp;
    if (state.status !== before.status && isLost(state.status)) {
      loss = { lostAs: state.status, previousStatus: before.status, contactsBefore: before.contactCount };
    }
  }
  if (state === null) return null;
  return {
    leadId: state.leadId,
    finalStatus: state.status,
    contactCount: state.contactCount,
    followupCount: state.followupCount,
    firstContactedAt,
    convertedAt,
    loss: isLost(state.status) ? loss : null,
  };
}
