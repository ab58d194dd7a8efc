import { z } from 'zod';
import { defineDataProduct, type RowChange, type SourceContext } from '../../../platform/data-products/data-product-definition';
import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { LeadIdSchema } from '../lead-id';
import { evolveLead } from '../lead/lead-decider';
import { LEAD_EVENT_TYPES, type LeadEvent } from '../lead/lead-events';
import type { LeadState } from '../lead/lead-state';
import { LEAD_STATUSES } from '../lead/lead-status';
import { leadFunnelQueries } from './lead-funnel-queries';

/** One step of a lead's journey: the event, when it happened, and the lead's status and counters around it. */
export const LeadStepRow = z.object({
  lead_id: LeadIdSchema,
  version: z.int().min(1).meta({ description: 'Position of the event in the lead\'s stream' }),
  event_type: z.enum(LEAD_EVENT_TYPES),
  occurred_at: z.iso.datetime().meta({ description: 'When it happened (business time, UTC)' }),
  occurred_on: z.iso.date().meta({ description: 'UTC day of occurred_at; partitioned by month' }),
  lead_created_at: z.iso.datetime().meta({ description: 'When the lead was initialized: its cohort' }),
  status_before: z.enum(LEAD_STATUSES).nullable(),
  status_after: z.enum(LEAD_STATUSES),
  contacts_after: z.int().min(0),
  followups_after: z.int().min(0),
});
export type LeadStepRow = z.infer<typeof LeadStepRow>;

async function leadStep(event: EventEnvelope, context: SourceContext): Promise<RowChange<LeadStepRow>[]> {
  const history = (await context.history()) as unknown as readonly LeadEvent[];
  let before: LeadState = null;
  for (const earlier of history.slice(0, event.version - 1)) before = evolveLead(before, earlier);
  const lead = event as unknown as LeadEvent;
  const after = evolveLead(before, lead);
  if (after === null) return [];
  return [{
    upsert: {
      lead_id: after.leadId,
      version: event.version,
      event_type: lead.type,
      occurred_at: lead.payload.timestamp,
      occurred_on: lead.payload.timestamp.slice(0, 10),
      lead_created_at: after.createdOn,
      status_before: before?.status ?? null,
      status_after: after.status,
      contacts_after: after.contactCount,
      followups_after: after.followupCount,
    },
  }];
}

/**
 * `crm.lead-funnel`: every step of every lead's journey (the talk's "Modeling Time"), so the
 * funnel can be asked about any period or instant: cohorts by week, time to conversion,
 * conversion by follow-ups, and the report behind GET /analytics/leads.
 */
export const leadFunnelDataProduct = defineDataProduct({
  name: 'crm.lead-funnel',
  context: 'crm',
  owner: { team: 'Sales CRM', contact: 'crm-team@example.com' },
  purpose: 'How leads move through the sales funnel over time: cohorts, conversion, follow-ups and losses.',
  version: 1,
  table: 'lead_steps',
  schema: LeadStepRow,
  key: ['lead_id', 'version'],
  classification: {
    lead_id: { personal: 'none' },
    version: { personal: 'none' },
    event_type: { personal: 'none' },
    occurred_at: { personal: 'none' },
    occurred_on: { personal: 'none' },
    lead_created_at: { personal: 'none' },
    status_before: { personal: 'none' },
    status_after: { personal: 'none' },
    contacts_after: { personal: 'none' },
    followups_after: { personal: 'none' },
  },
  dropped: [
    { field: 'first-name', why: 'Names a person; the funnel counts leads, it never needs to know who.' },
    { field: 'last-name', why: 'Names a person.' },
    { field: 'phone-number', why: 'Reaches a person; nothing analytical depends on it.' },
    { field: 'reason', why: 'Free text a salesperson typed when closing a lead or a payment failed: it may describe the person.' },
  ],
  partitionBy: { column: 'occurred_on', grain: 'month' },
  freshnessObjectiveSeconds: 300,
  retentionDays: 2 * 366,
  source: {
    kind: 'stored-events',
    eventTypes: LEAD_EVENT_TYPES,
    why: 'Only crm.lead-followup-due leaves crm as a public message; the funnel needs every step, and crm owns both the events and this product.',
    rows: leadStep,
  },
  queries: leadFunnelQueries,
});
