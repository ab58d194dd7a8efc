import { z } from 'zod';
import { EventStore } from '../../shared/platform/event-store';
import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';
import { STREAM_ID_PATTERN } from '../../shared/platform/event-store/event-validation';
import type { DomainEvent } from '../../shared/platform/event-store/decider';
import type { ApiDeps } from '../deps';
import { problems } from '../http/problem';
import type { ApiRoutes } from '../http/route';
import { eventsUpTo } from './events-up-to';
import { toJsonState } from './json-state';
import { storedEvent, StoredEventSchema } from './stored-event-schema';
import { candidateStreams, streamKindOf, type BusinessKey, type StreamKind } from './stream-kinds';

const StreamIdSchema = z.string().regex(STREAM_ID_PATTERN, "must be up to 200 letters, digits, '_', ':', '.', '-' (starting with a letter or digit)").meta({ example: 'order-o-1' });
const StreamParams = z.object({ streamId: StreamIdSchema }).strict();
const BUSINESS_KEYS = ['order', 'return', 'lead', 'customer', 'sku'] as const satisfies readonly BusinessKey[];

const StreamRef = z.object({
  streamId: z.string(),
  kind: z.string().nullable().describe('order, payment, shipment, lead, customer, points or stock; null for a stream of no known aggregate'),
  aggregate: z.string().nullable(),
  version: z.number().int().describe('Version of its last event'),
});

const StreamSearchResponse = z.object({ key: z.string(), items: z.array(StreamRef) }).openapi('StreamSearch');

const StreamEventsResponse = z
  .object({
    streamId: z.string(),
    kind: z.string().nullable(),
    aggregate: z.string().nullable(),
    head: z.number().int().describe('Version of the last event of the stream'),
    events: z.array(StoredEventSchema),
  })
  .openapi('StreamEvents');

const StreamStateResponse = z
  .object({
    streamId: z.string(),
    kind: z.string(),
    aggregate: z.string(),
    head: z.number().int(),
    version: z.number().int().describe('Events folded: the state is the one after this version (0: before the first event)'),
    asOf: z.string().nullable(),
    at: z.string().nullable().describe('Timestamp of the last folded event'),
    state: z.unknown().describe("The aggregate's state as its evolve function folds it (Maps as objects)"),
  })
  .openapi('StreamState');

const StateQuery = z
  .object({
    asOf: z.iso.datetime({ offset: true }).optional().describe('The state as it was at this instant: every event recorded at or before it'),
    version: z.coerce.number().int().min(0).optional().describe('The state after this version of the stream'),
  })
  .strict()
  .refine((q) => q.asOf === undefined || q.version === undefined, { message: 'give asOf or version, not both', path: ['version'] });

const describeKind = (k: StreamKind | undefined) => ({ kind: k?.kind ?? null, aggregate: k?.aggregate ?? null });

/**
 * The event store for operators: find a stream by id or business key, read its events with their
 * envelopes, and fold its aggregate's state as of any version or instant ("modeling time").
 * Every read walks the stream's commit chain by exact `_id`.
 */
export function registerStreamRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const store = new EventStore(deps.mongo.db);

  routes.add({
    method: 'get',
    path: '/streams',
    scope: ['queries', 'admin'],
    summary: 'Find event streams by stream id or business key (order id, lead id, customer id, SKU)',
    description: 'An order id finds the order, payment and shipment streams; a customer id the customer and points streams; a SKU the stock stream. Only streams holding events are listed.',
    tags: ['event-store'],
    query: z.object({ key: StreamIdSchema.describe('A stream id or a business key'), by: z.enum(BUSINESS_KEYS).optional().describe('Only streams found by this kind of key') }).strict(),
    responses: { 200: { description: 'Matching streams (an empty list when none holds events)', schema: StreamSearchResponse } },
    handler: async ({ query }, res) => {
      const candidates = candidateStreams(query.key, query.by).filter((c) => STREAM_ID_PATTERN.test(c.streamId));
      const heads = await Promise.all(candidates.map((c) => store.streamHead(c.streamId)));
      const items = candidates.flatMap((c, i) => ((heads[i] ?? 0) > 0 ? [{ streamId: c.streamId, ...describeKind(c.kind), version: heads[i] as number }] : []));
      res.json({ key: query.key, items });
    },
  });

  routes.add({
    method: 'get',
    path: '/streams/:streamId/events',
    scope: ['queries', 'admin'],
    summary: "A stream's stored events in order, with their envelopes (type, ids, correlation, causation, version, timestamp, schema version, payload)",
    tags: ['event-store'],
    params: StreamParams,
    query: z.object({
      fromVersion: z.coerce.number().int().min(1).default(1),
      limit: z.coerce.number().int().min(1).max(1_000).default(500),
    }).strict(),
    responses: { 200: { description: 'Events, oldest first', schema: StreamEventsResponse }, 404: { description: 'The stream holds no events' } },
    handler: async ({ params, query }, res) => {
      const events = await store.readStream(params.streamId, { fromVersion: query.fromVersion, toVersion: query.fromVersion + query.limit - 1 });
      const head = await store.streamHead(params.streamId);
      if (head === 0) throw problems.notFound(`stream ${params.streamId} holds no events`);
      res.json({ streamId: params.streamId, ...describeKind(streamKindOf(params.streamId)), head, events: events.map(storedEvent) });
    },
  });

  routes.add({
    method: 'get',
    path: '/streams/:streamId/state',
    scope: ['queries', 'admin'],
    summary: "The stream's aggregate state, folded from its events: now, after a version, or as of an instant",
    tags: ['event-store'],
    params: StreamParams,
    query: StateQuery,
    responses: { 200: { description: 'The folded state', schema: StreamStateResponse }, 404: { description: 'The stream holds no events, or is of no aggregate the API can fold' } },
    handler: async ({ params, query }, res) => {
      const kind = streamKindOf(params.streamId);
      if (!kind) throw problems.notFound(`stream ${params.streamId} is of no aggregate the API knows how to fold (its events are at /streams/${params.streamId}/events)`);
      const events = await store.readStream(params.streamId);
      if (events.length === 0) throw problems.notFound(`stream ${params.streamId} holds no events`);
      const asOf = query.asOf === undefined ? null : new Date(query.asOf);
      const folded = eventsUpTo(events, asOf, query.version);
      const state = folded.reduce((s, e) => kind.evolve(s, { type: e.type, payload: e.payload as object } satisfies DomainEvent), kind.initialState);
      const last = folded.at(-1);
      res.json({
        streamId: params.streamId,
        kind: kind.kind,
        aggregate: kind.aggregate,
        head: (events.at(-1) as EventEnvelope).version,
        version: last?.version ?? 0,
        asOf: asOf?.toISOString() ?? null,
        at: last?.timestamp.toISOString() ?? null,
        state: toJsonState(state),
      });
    },
  });
}
