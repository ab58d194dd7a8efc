import { z } from 'zod';
import { fold } from '../../../shared/platform/event-store/decider';
import { evolveLead } from '../../../shared/domain/crm/lead/lead-decider';
import { renderLeadHistory, stateAsOf } from '../../../shared/domain/crm/lead/lead-history';
import { initialLeadState } from '../../../shared/domain/crm/lead/lead-state';
import { LeadStreams } from '../../../shared/domain/crm/lead-streams';
import { pageLeadTable, type LeadRowDocument } from '../../../shared/domain/crm/views/lead-table';
import { EventStore } from '../../../shared/platform/event-store';
import type { ApiDeps } from '../../deps';
import { problems } from '../../http/problem';
import { readSide } from '../../http/view-reads';
import type { ApiRoutes } from '../../http/route';
import { orNotFound } from '../../http/workflow-errors';
import { leadProcessQuery, leadWorkflowId } from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { registerLeadAnalyticsRoutes } from './lead-analytics-routes';
import { leadLinks } from './lead-workflow-calls';
import { AsOfQuery, eventsAsOf, LeadHistoryEntrySchema, LeadIdParams, LeadListQuery, LeadListResponse, LeadView } from './lead-request-schemas';

/**
 * Query side of the CRM's leads (and, through registerLeadAnalyticsRoutes, the funnel analytics).
 * The leads table is the `lead-table` view (kept by the projector, so it trails the commands by the
 * projection lag); one lead, its state as of an instant and its history are rebuilt from the lead's
 * event stream; the process state is the workflow's query.
 */
export function registerLeadQueryRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const streams = new LeadStreams(new EventStore(deps.mongo.db));
  const side = readSide(deps);
  const temporal = deps.config.temporal;
  registerLeadAnalyticsRoutes(routes, deps);

  routes.add({
    method: 'get',
    path: '/leads',
    scope: 'queries',
    summary: "The leads' current state: the talk's leads table (view, eventually consistent)",
    tags: ['crm'],
    query: LeadListQuery,
    responses: { 200: { description: 'Leads, oldest first', schema: LeadListResponse } },
    handler: async ({ query }, res) => {
      const { rows, total } = pageLeadTable(await side.documents<LeadRowDocument>('lead-table'), query);
      res.json({ leads: rows, total, limit: query.limit, offset: query.offset });
    },
  });

  routes.add({
    method: 'get',
    path: '/leads/:id',
    scope: 'queries',
    summary: 'One lead, rebuilt from its event stream; with ?asOf the state as it was at that instant',
    tags: ['crm'],
    params: LeadIdParams,
    query: AsOfQuery,
    responses: { 200: { description: 'The lead', schema: LeadView }, 404: { description: 'Unknown lead, or not yet created at asOf' } },
    handler: async ({ params, query }, res) => {
      const events = await streams.read(params.id);
      if (events.length === 0) throw problems.notFound(`lead ${params.id} does not exist`);
      const asOf = query.asOf ?? null;
      const included = eventsAsOf(events, asOf);
      const lead = asOf === null ? fold({ evolve: evolveLead }, initialLeadState, events) : stateAsOf(events, asOf);
      if (lead === null) throw problems.notFound(`lead ${params.id} did not exist yet at ${asOf ?? 'now'}`);
      res.json({ lead, version: included.length, asOf, links: leadLinks(params.id, temporal) });
    },
  });

  routes.add({
    method: 'get',
    path: '/leads/:id/history',
    scope: 'queries',
    summary: "The lead's events in the talk's JSON shape (lead-id, event-id, event-type, fields, timestamp)",
    tags: ['crm'],
    params: LeadIdParams,
    responses: { 200: { description: 'Events, oldest first', schema: z.array(LeadHistoryEntrySchema) }, 404: { description: 'Unknown lead' } },
    handler: async ({ params }, res) => {
      const events = await streams.read(params.id);
      if (events.length === 0) throw problems.notFound(`lead ${params.id} does not exist`);
      res.json(renderLeadHistory(events));
    },
  });

  routes.add({
    method: 'get',
    path: '/leads/:id/process',
    scope: 'queries',
    summary: "The lead's process manager, live: its timers, its order saga, messages handled, runs, notes",
    tags: ['crm'],
    params: LeadIdParams,
    responses: { 200: { description: 'Process state (workflow query)' }, 404: { description: 'Unknown lead' } },
    handler: async ({ params }, res) => {
      const handle = deps.temporal.client.workflow.getHandle(leadWorkflowId(params.id));
      res.json(await orNotFound(`lead ${params.id}`, () => handle.query(leadProcessQuery)));
    },
  });
}
