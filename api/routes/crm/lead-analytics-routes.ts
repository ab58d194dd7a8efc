import { z } from 'zod';
import { leadFunnelDataProduct } from '../../../shared/domain/crm/data-products/lead-funnel-data-product';
import { leadJourneys, LeadJourneyRow } from '../../../shared/domain/crm/data-products/lead-funnel-queries';
import { journeyFromRow, leadFunnelReport } from '../../../shared/domain/crm/data-products/lead-funnel-report-from-journeys';
import type { ApiDeps } from '../../deps';
import type { ApiRoutes } from '../../http/route';
import { answer } from '../data-products/data-product-ports';
import { AsOfQuery } from './lead-request-schemas';

const LeadFunnelResponse = z
  .looseObject({
    generatedAt: z.string(),
    asOf: z.string().nullable(),
    freshAsOf: z.string().nullable().meta({ description: 'Every lead event committed before this instant is counted (the data product\'s freshness)' }),
    totalLeads: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    purchaseJourneys: z.looseObject({}),
    timeToConversion: z.looseObject({}),
    conversionByFollowups: z.array(z.looseObject({})),
    losses: z.looseObject({}),
  })
  .openapi('LeadFunnelReport');

/**
 * The talk's "Missing Information" questions: bought at once or after a longer journey, time to
 * conversion, whether follow-ups pay off, where leads are lost. Answered from the analytical
 * port of the `crm.lead-funnel` data product (one row per lead as of `asOf`), not by re-reading
 * every lead's stream; `freshAsOf` says how current it is.
 */
export function registerLeadAnalyticsRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  routes.add({
    method: 'get',
    path: '/analytics/leads',
    scope: 'queries',
    summary: 'Lead funnel analytics from the crm.lead-funnel data product',
    tags: ['crm'],
    query: AsOfQuery,
    responses: { 200: { description: 'Funnel report', schema: LeadFunnelResponse } },
    handler: async ({ query }, res) => {
      const asOf = query.asOf ?? null;
      const result = await answer(deps, leadFunnelDataProduct, leadJourneys, leadJourneys.parameters.parse(asOf === null ? {} : { asOf }));
      const journeys = result.rows.map((row) => journeyFromRow(LeadJourneyRow.parse(row)));
      res.json({ generatedAt: new Date().toISOString(), asOf, freshAsOf: result.freshness.freshAsOf, ...leadFunnelReport(journeys) });
    },
  });
}
