import { z } from 'zod';
import { leadFunnelReport, type LeadJourneyDocument } from '../../../shared/domain/crm/views/lead-funnel';
import type { ApiDeps } from '../../deps';
import type { ApiRoutes } from '../../http/route';
import { readSide } from '../../http/view-reads';
import { AsOfQuery } from './lead-request-schemas';

const LeadFunnelResponse = z
  .looseObject({
    generatedAt: z.string(),
    asOf: z.string().nullable(),
    totalLeads: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    purchaseJourneys: z.looseObject({}),
    timeToConversion: z.looseObject({}),
    conversionByFollowups: z.array(z.looseObject({})),
    losses: z.looseObject({}),
  })
  .openapi('LeadFunnelReport');

/**
 * The talk's "Missing Information" questions answered from the leads' event histories: bought
 * at once or after a longer journey, time to conversion, whether follow-ups pay off, where
 * leads are lost. Reads the `lead-funnel` view, which keeps each lead's journey (one read of the
 * view, not every lead's stream; it trails the commands by the projection lag); with ?asOf, each
 * journey is cut at that instant.
 */
export function registerLeadAnalyticsRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const side = readSide(deps);

  routes.add({
    method: 'get',
    path: '/analytics/leads',
    scope: 'queries',
    summary: 'Lead funnel analytics computed from the event histories (lead-funnel view, eventually consistent)',
    tags: ['crm'],
    query: AsOfQuery,
    responses: { 200: { description: 'Funnel report', schema: LeadFunnelResponse } },
    handler: async ({ query }, res) => {
      const asOf = query.asOf ?? null;
      res.json({ generatedAt: new Date().toISOString(), asOf, ...leadFunnelReport(await side.documents<LeadJourneyDocument>('lead-funnel'), asOf) });
    },
  });
}
