import type { ProjectionView } from '../../../platform/projections/projection-view';
import { applyToStreamDocument, type StreamDocument } from '../../../platform/projections/stream-document';
import { epochMillis } from '../iso-timestamp';
import { analyzeLeadJourneys, type LeadFunnelReport } from '../lead-funnel/lead-funnel-report';
import { journeyFromSteps, nextJourneyStep, type JourneyStep } from '../lead-funnel/lead-journey';
import { LEAD_EVENT_TYPES, type LeadEvent } from '../lead/lead-events';
import { leadEventOf } from './lead-events';

/** What the funnel keeps of one lead: the steps of its history (no personal data). */
export interface LeadJourneyRecord {
  readonly leadId: string;
  readonly steps: readonly JourneyStep[];
}

/** `_id = leadId`, written only by the stream `lead-<id>`. */
export type LeadJourneyDocument = StreamDocument<LeadJourneyRecord>;

/** The record after one more event of the lead's stream (an event before its initialization adds no step). */
export function evolveJourney(leadId: string, record: LeadJourneyRecord | undefined, event: LeadEvent): LeadJourneyRecord {
  const steps = record?.steps ?? [];
  const step = nextJourneyStep(leadId, steps.at(-1) ?? null, event);
  return { leadId, steps: step ? [...steps, step] : steps };
}

/**
 * The lead funnel's figures as a view: one small document per lead with the steps of its journey,
 * so the report is computed from one read of the view instead of every lead's stream, for now or
 * as of any earlier instant. (GET /analytics/leads answers from the crm.lead-funnel data product.)
 */
export const leadFunnelView: ProjectionView = {
  name: 'lead-funnel',
  eventTypes: LEAD_EVENT_TYPES,
  async apply(store, envelope) {
    const lead = leadEventOf(envelope);
    if (lead) await applyToStreamDocument<LeadJourneyRecord>(store, lead.leadId, envelope, (record) => evolveJourney(lead.leadId, record, lead.event), { contiguous: true });
  },
  documents(envelope) {
    const lead = leadEventOf(envelope);
    if (!lead) return {};
    return envelope.version === 1 ? { creates: [lead.leadId] } : { reads: [lead.leadId] };
  },
};

/** The funnel report from the view's documents, over each lead's history up to `asOf` (inclusive; null: all of it). */
export function leadFunnelReport(docs: readonly LeadJourneyDocument[], asOf: string | null): LeadFunnelReport {
  const limit = asOf === null ? Number.POSITIVE_INFINITY : epochMillis(asOf);
  return analyzeLeadJourneys(docs.flatMap((d) => {
    const journey = journeyFromSteps(d.state.leadId, d.state.steps.filter((s) => epochMillis(s.at) <= limit));
    return journey ? [journey] : [];
  }));
}
