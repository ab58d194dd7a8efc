import { DomainRejection } from '../../kernel/domain-rejection';
import type { LeadCommandType } from './lead-commands';
import type { LeadStatus } from './lead-status';

/**
 * Stable codes of the Lead aggregate's refusals (besides the kernel's `invalid-value` for a
 * malformed `now`). Details never carry personal data: ids, statuses and timestamps only.
 */
export const LEAD_REJECTION = {
  notFound: 'lead-not-found',
  alreadyInitialized: 'lead-already-initialized',
  idMismatch: 'lead-id-mismatch',
  alreadyClosed: 'lead-already-closed',
  alreadyConverted: 'lead-already-converted',
  paymentPending: 'payment-pending',
  paymentNotPending: 'payment-not-pending',
  followupNotInFuture: 'followup-not-in-future',
  paymentDeadlineNotInFuture: 'payment-deadline-not-in-future',
  followupNotSet: 'followup-not-set',
  followupRescheduled: 'followup-rescheduled',
  followupNotDue: 'followup-not-due',
} as const;

export type LeadRejectionCode = (typeof LEAD_REJECTION)[keyof typeof LEAD_REJECTION];

export function leadRejection(
  code: LeadRejectionCode,
  message: string,
  details: { readonly leadId: string; readonly command: LeadCommandType; readonly status?: LeadStatus } & Readonly<
    Record<string, unknown>
  >,
): DomainRejection {
  return new DomainRejection(code, message, details);
}
