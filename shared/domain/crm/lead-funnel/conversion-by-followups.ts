import { LOST_STATUSES, type LeadStatus } from '../lead/lead-status';
import type { LeadJourney } from './lead-journey';
import { COUNT_BUCKETS, countBucket, ratio, type CountBucket } from './statistics';

/** "Is it worth trying to contact a person after multiple follow-ups?" One row per bucket. */
export interface FollowupConversion {
  /** Number of `followup-set` events in the lead's history: 0, 1, 2 or 3 and more. */
  readonly followups: CountBucket;
  readonly leads: number;
  readonly converted: number;
  /** Ending CLOSED or PAYMENT_FAILED. */
  readonly lost: number;
  /** Still NEW_LEAD, FOLLOWUP_SET or PENDING_PAYMENT. */
  readonly open: number;
  /** converted / leads; null for an empty bucket. */
  readonly conversionRate: number | null;
  /** converted / (converted + lost): ignores leads still open; null if none is settled. */
  readonly settledConversionRate: number | null;
}

/** Rows for 0, 1, 2 and 3+ follow-ups, always all four, in that order. */
export function conversionByFollowups(journeys: readonly LeadJourney[]): FollowupConversion[] {
  const lostStatuses: readonly LeadStatus[] = LOST_STATUSES;
  return COUNT_BUCKETS.map((bucket) => {
    const inBucket = journeys.filter((j) => countBucket(j.followupCount) === bucket);
    const converted = inBucket.filter((j) => j.finalStatus === 'CONVERTED').length;
    const lost = inBucket.filter((j) => lostStatuses.includes(j.finalStatus)).length;
    return {
      followups: bucket,
      leads: inBucket.length,
      converted,
      lost,
      open: inBucket.length - converted - lost,
      conversionRate: ratio(converted, inBucket.length),
      settledConversionRate: ratio(converted, converted + lost),
    };
  });
}
