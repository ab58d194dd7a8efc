import type { z } from 'zod';
import { conversionByFollowups } from '../lead-funnel/conversion-by-followups';
import type { LeadFunnelReport } from '../lead-funnel/lead-funnel-report';
import type { LeadJourney } from '../lead-funnel/lead-journey';
import { leadLosses } from '../lead-funnel/lead-losses';
import { purchaseJourneys } from '../lead-funnel/purchase-journeys';
import { timeToConversion } from '../lead-funnel/time-to-conversion';
import { LEAD_STATUSES, type LeadStatus } from '../lead/lead-status';
import type { LeadJourneyRow } from './lead-funnel-queries';

type JourneyRow = z.output<typeof LeadJourneyRow>;

/** A row of the `lead-journeys` query as the funnel analytics' LeadJourney. */
export function journeyFromRow(row: JourneyRow): LeadJourney {
  return {
    leadId: row.leadId,
    finalStatus: row.finalStatus,
    contactCount: row.contactCount,
    followupCount: row.followupCount,
    firstContactedAt: row.firstContactedAt,
    convertedAt: row.convertedAt,
    loss: row.lostAs && row.previousStatus && row.contactsBefore !== null ? { lostAs: row.lostAs, previousStatus: row.previousStatus, contactsBefore: row.contactsBefore } : null,
  };
}

/** The talk's "Missing Information" report from journeys read off the analytical port (same answers as from the streams). */
export function leadFunnelReport(journeys: readonly LeadJourney[]): LeadFunnelReport {
  const byStatus = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
  for (const j of journeys) byStatus[j.finalStatus] += 1;
  return {
    totalLeads: journeys.length,
    byStatus,
    purchaseJourneys: purchaseJourneys(journeys),
    timeToConversion: timeToConversion(journeys),
    conversionByFollowups: conversionByFollowups(journeys),
    losses: leadLosses(journeys),
  };
}
