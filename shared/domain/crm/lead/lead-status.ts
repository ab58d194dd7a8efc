/** The statuses of the talk's sales flow ("Modeling Time"), in funnel order. */
export const LEAD_STATUSES = [
  'NEW_LEAD',
  'FOLLOWUP_SET',
  'PENDING_PAYMENT',
  'CONVERTED',
  'PAYMENT_FAILED',
  'CLOSED',
] as const;

export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses of a lost lead. CLOSED is final; after PAYMENT_FAILED the sales team may try again. */
export const LOST_STATUSES = ['CLOSED', 'PAYMENT_FAILED'] as const satisfies readonly LeadStatus[];

export type LostStatus = (typeof LOST_STATUSES)[number];
