import type { LeadEvent } from '../lead/lead-events';
import { LEAD_STATUSES, type LeadStatus } from '../lead/lead-status';
import { conversionByFollowups, type FollowupConversion } from './conversion-by-followups';
import { summarizeLeadJourney, type LeadJourney } from './lead-journey';
import { leadLosses, type LeadLosses } from './lead-losses';
import { purchaseJourneys, type PurchaseJourneys } from './purchase-journeys';
import { timeToConversion, type TimeToConversion } from './time-to-conversion';

/** The talk's "Missing Information" questions, answered from the leads' event histories. */
export interface LeadFunnelReport {
  readonly totalLeads: number;
  readonly byStatus: Readonly<Record<LeadStatus, number>>;
  readonly purchaseJourneys: PurchaseJourneys;
  readonly timeToConversion: TimeToConversion;
  readonly conversionByFollowups: readonly FollowupConversion[];
  readonly losses: LeadLosses;
}

/**
 * `histories` holds one stream per lead, each oldest first. Streams without a
 * `lead-initialized` event (empty or truncated) are ignored.
 */
export function analyzeLeadFunnel(histories: readonly (readonly LeadEvent[])[]): LeadFunnelReport {
  return analyzeLeadJourneys(histories.flatMap((events) => {
    const journey = summarizeLeadJourney(events);
    return journey === null ? [] : [journey];
  }));
}

/** The report over leads' journeys (see the lead-funnel view, which keeps them). */
export function analyzeLeadJourneys(journeys: readonly LeadJourney[]): LeadFunnelReport {
  return {
    totalLeads: journeys.length,
    byStatus: countByStatus(journeys),
    purchaseJourneys: purchaseJourneys(journeys),
    timeToConversion: timeToConversion(journeys),
    conversionByFollowups: conversionByFollowups(journeys),
    losses: leadLosses(journeys),
  };
}

function countByStatus(journeys: readonly LeadJourney[]): Record<LeadStatus, number> {
  const counts = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
  for (const j of journeys) counts[j.finalStatus] += 1;
  return counts;
}
