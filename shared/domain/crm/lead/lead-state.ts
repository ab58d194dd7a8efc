import type { LeadStatus } from './lead-status';

/**
 * Current state of a lead: the columns of the talk's leads table (lead-id, first-name,
 * last-name, status, phone-number, followup-on, created-on, updated-on) in camelCase, plus
 * counters for analytics. Plain JSON data; timestamps are ISO-8601 UTC.
 */
export interface Lead {
  readonly leadId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly status: LeadStatus;
  readonly phoneNumber: string;
  /** Date of the scheduled follow-up call while FOLLOWUP_SET; null otherwise. */
  readonly followupOn: string | null;
  readonly createdOn: string;
  /** Timestamp of the lead's latest event. */
  readonly updatedOn: string;
  /** Number of `contacted` events. */
  readonly contactCount: number;
  /** Number of `followup-set` events (a rescheduled follow-up counts again). */
  readonly followupCount: number;
}

/** `null` until the lead is initialized (an empty stream). */
export type LeadState = Lead | null;

export const initialLeadState: LeadState = null;
