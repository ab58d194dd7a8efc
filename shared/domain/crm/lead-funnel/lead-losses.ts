import { LEAD_STATUSES, LOST_STATUSES, type LeadStatus, type LostStatus } from '../lead/lead-status';
import type { LeadJourney } from './lead-journey';
import { countBucket, type CountBucket } from './statistics';

export interface LossPoint {
  readonly lostAs: LostStatus;
  /** Status just before the lead became `lostAs`. */
  readonly previousStatus: LeadStatus;
  readonly leads: number;
}

/** "Where are leads lost?" over leads whose final status is CLOSED or PAYMENT_FAILED. */
export interface LeadLosses {
  readonly lostLeads: number;
  readonly byOutcome: Readonly<Record<LostStatus, number>>;
  /** Non-zero combinations only, ordered by outcome then previous status in funnel order. */
  readonly byPreviousStatus: readonly LossPoint[];
  /** By step: the number of contacts made before the lead was lost (0, 1, 2, 3+). */
  readonly byContactsBefore: Readonly<Record<CountBucket, number>>;
}

export function leadLosses(journeys: readonly LeadJourney[]): LeadLosses {
  const losses = journeys.flatMap((j) => (j.loss === null ? [] : [j.loss]));
  const byOutcome = { CLOSED: 0, PAYMENT_FAILED: 0 } satisfies Record<LostStatus, number>;
  const byContactsBefore = { '0': 0, '1': 0, '2': 0, '3+': 0 } satisfies Record<CountBucket, number>;
  for (const loss of losses) {
    byOutcome[loss.lostAs] += 1;
    byContactsBefore[countBucket(loss.contactsBefore)] += 1;
  }
  const byPreviousStatus = LOST_STATUSES.flatMap((lostAs) =>
    LEAD_STATUSES.flatMap((previousStatus) => {
      const leads = losses.filter((l) => l.lostAs === lostAs && l.previousStatus === previousStatus).length;
      return leads === 0 ? [] : [{ lostAs, previousStatus, leads }];
    }),
  );
  return { lostLeads: losses.length, byOutcome, byPreviousStatus, byContactsBefore };
}
