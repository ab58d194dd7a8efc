import type { LeadJourney } from './lead-journey';
import { ratio } from './statistics';

export interface JourneyShare {
  readonly leads: number;
  /** leads / converted leads; null if none converted. */
  readonly shareOfConverted: number | null;
  /** leads / all leads; null if there are no leads. */
  readonly shareOfAllLeads: number | null;
}

/** "Was there a purchase made right away? Was there a lengthy sales journey?" */
export interface PurchaseJourneys {
  readonly convertedLeads: number;
  /** Converted without any follow-up being set. */
  readonly boughtAtOnce: JourneyShare;
  /** Converted after one or more follow-ups. */
  readonly afterLongerJourney: JourneyShare;
}

export function purchaseJourneys(journeys: readonly LeadJourney[]): PurchaseJourneys {
  const converted = journeys.filter((j) => j.finalStatus === 'CONVERTED');
  const atOnce = converted.filter((j) => j.followupCount === 0).length;
  const share = (leads: number): JourneyShare => ({
    leads,
    shareOfConverted: ratio(leads, converted.length),
    shareOfAllLeads: ratio(leads, journeys.length),
  });
  return {
    convertedLeads: converted.length,
    boughtAtOnce: share(atOnce),
    afterLongerJourney: share(converted.length - atOnce),
  };
}
