import type { DomainEvent } from '../../../platform/event-store/decider';

/**
 * Events of the Lead aggregate, shaped on the talk's "Rebuilding The Data" slides: kebab-case
 * payload fields, each event carrying its `lead-id` and the `timestamp` at which it happened
 * (the command's `now`), so the history, `stateAsOf` and the funnel analytics need nothing
 * but the events. All values are plain JSON (ISO-8601 UTC timestamps).
 */
interface LeadEventFields {
  readonly 'lead-id': string;
  readonly timestamp: string;
}

export type LeadInitialized = DomainEvent<
  'lead-initialized',
  LeadEventFields & { readonly 'first-name': string; readonly 'last-name': string; readonly 'phone-number': string }
>;

/** A sales call took place. It does not change the status; its outcome is the next event. */
export type Contacted = DomainEvent<'contacted', LeadEventFields>;

export type FollowupSet = DomainEvent<'followup-set', LeadEventFields & { readonly 'followup-on': string }>;

/** Carries the complete contact details after the change, as in the talk. */
export type ContactDetailsUpdated = DomainEvent<
  'contact-details-updated',
  LeadEventFields & { readonly 'first-name': string; readonly 'last-name': string; readonly 'phone-number': string }
>;

/** The person accepted the offer; the lead waits for payment until the deadline. */
export type OrderSubmitted = DomainEvent<'order-submitted', LeadEventFields & { readonly 'payment-deadline': string }>;

/** `status: "converted"` is in the talk's payment-confirmed event. */
export type PaymentConfirmed = DomainEvent<'payment-confirmed', LeadEventFields & { readonly status: 'converted' }>;

export type PaymentFailed = DomainEvent<
  'payment-failed',
  LeadEventFields & { readonly status: 'payment-failed'; readonly reason: string }
>;

export type LeadClosed = DomainEvent<'lead-closed', LeadEventFields & { readonly reason: string }>;

/**
 * The follow-up date of a FOLLOWUP_SET lead arrived. The lead process manager records it when its
 * durable timer fires; it is published as the event notification `crm.lead-followup-due`. It is a
 * stored lead event so that the history shows when the lead became due for a call; it changes
 * neither the status nor the counters.
 */
export type FollowupDue = DomainEvent<'followup-due', LeadEventFields & { readonly 'followup-on': string }>;

export type LeadEvent =
  | LeadInitialized
  | Contacted
  | FollowupSet
  | ContactDetailsUpdated
  | OrderSubmitted
  | PaymentConfirmed
  | PaymentFailed
  | LeadClosed
  | FollowupDue;

export type LeadEventType = LeadEvent['type'];

/** Notification type name the process manager emits when a follow-up date arrives. */
export const FOLLOWUP_DUE = 'followup-due' satisfies LeadEventType;

export const LEAD_EVENT_TYPES = [
  'lead-initialized',
  'contacted',
  'followup-set',
  'contact-details-updated',
  'order-submitted',
  'payment-confirmed',
  'payment-failed',
  'lead-closed',
  FOLLOWUP_DUE,
] as const satisfies readonly LeadEventType[];
