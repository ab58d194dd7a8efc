import { z } from 'zod';
import { analyzeLeadFunnel } from '../../../shared/domain/crm/lead-funnel/lead-funnel-report';
import { LeadRegistry } from '../../../shared/domain/crm/lead-registry';
import { LeadStreams } from '../../../shared/domain/crm/lead-streams';
import { EventStore } from '../../../shared/platform/event-store';
import type { ApiDeps } from '../../deps';
import type { ApiRoutes } from '../../http/route';
import { AsOfQuery, eventsAsOf } from './lead-request-schemas';

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
 * leads are lost. Reads every registered lead's stream (each by its exact commit chain, no
 * store scan); with ?asOf, each history is cut at that instant.
 */
export function registerLeadAnalyticsRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const registry = new LeadRegistry(deps.mongo.db);
  const streams = new LeadStreams(new EventStore(deps.mongo.db));

  routes.add({
    method: 'get',
    path: '/analytics/leads',
    scope: 'queries',
    summary: 'Lead funnel analytics computed from the event histories',
    tags: ['crm'],
    query: AsOfQuery,
    responses: { 200: { description: 'Funnel report', schema: LeadFunnelResponse } },
    handler: async ({ query }, res) => {
      const asOf = query.asOf ?? null;
      const histories = await streams.readMany(await registry.leadIds());
      res.json({ generatedAt: new Date().toISOString(), asOf, ...analyzeLeadFunnel(histories.map((events) => eventsAsOf(events, asOf))) });
    },
  });
}
