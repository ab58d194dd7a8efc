import { z } from 'zod';
import { DeadLetters } from '../../shared/platform/outbox';
import type { ApiDeps } from '../deps';
import { presentedKey } from '../http/authentication';
import { SCOPES } from '../http/api-keys';
import { problems } from '../http/problem';
import type { ApiRoutes } from '../http/route';
import { readSide } from '../http/view-reads';
import { LagSampler } from './lag-sampler';
import { projectionLag } from './projection-lag';
import { storedEvent, StoredEventSchema } from './stored-event-schema';

const LAG_SAMPLING = { intervalMs: 5_000, keepMs: 30 * 60_000, idleMs: 2 * 60_000 };

const LagHistoryResponse = z
  .object({
    intervalSeconds: z.number(),
    samples: z.array(z.object({
      at: z.string(),
      backlogStreams: z.number().int(),
      oldestPendingSeconds: z.number().nullable(),
      views: z.record(z.string(), z.number().nullable()),
    })),
  })
  .openapi('ProjectionLagHistory');

const DeadLetterDetail = z
  .object({
    id: z.string(), subscriber: z.string(), streamId: z.string(), version: z.number().int(), eventId: z.string(), type: z.string(),
    attempts: z.number().int(), lastError: z.string(), deadAt: z.string(), status: z.enum(['parked', 'requeued', 'resolved']),
    requeuedAt: z.string().nullable(), resolvedAt: z.string().nullable(),
    event: StoredEventSchema,
  })
  .openapi('DeadLetterDetail');

/** What the console needs beyond the platform's other routes: the caller's scopes, lag history, one dead letter whole. */
export function registerOperationsRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const { readDb } = readSide(deps);
  const sampler = new LagSampler(projectionLag(deps.mongo.db, readDb), LAG_SAMPLING);
  const deadLetters = new DeadLetters(deps.mongo.db);

  routes.add({
    method: 'get',
    path: '/api-key',
    scope: [...SCOPES],
    summary: "The calling key's id (a prefix of its SHA-256) and scopes, so a client offers only what the key may do",
    tags: ['operations'],
    responses: { 200: { description: 'The key', schema: z.object({ keyId: z.string(), scopes: z.array(z.enum(SCOPES)) }).openapi('ApiKeyScopes') } },
    handler: (_input, res) => {
      const key = presentedKey(res);
      if (!key) throw problems.unauthenticated('send Authorization: Bearer <api key>');
      res.json({ keyId: key.id, scopes: SCOPES.filter((s) => key.scopes.has(s)) });
    },
  });

  routes.add({
    method: 'get',
    path: '/projections/lag',
    scope: ['queries', 'admin'],
    summary: "Each view's lag over the last minutes, sampled every few seconds by this API process while someone asks",
    description: 'Lag of a view: 0 when nothing waits for the projector, otherwise the smaller of the age of the oldest waiting event and the age of the newest event the view applied. Sampling starts with the first request and stops after 2 minutes without one.',
    tags: ['operations', 'views'],
    query: z.object({ minutes: z.coerce.number().int().min(1).max(30).default(15) }).strict(),
    responses: { 200: { description: 'Samples, oldest first', schema: LagHistoryResponse } },
    handler: async ({ query }, res) => {
      const samples = await sampler.recent(query.minutes * 60_000);
      res.json({
        intervalSeconds: LAG_SAMPLING.intervalMs / 1000,
        samples: samples.map((s) => ({ ...s, at: s.at.toISOString() })),
      });
    },
  });

  routes.add({
    method: 'get',
    path: '/dead-letters/:id',
    scope: 'admin',
    summary: 'One dead letter whole: the event it carries (envelope and payload), the last error, its attempts',
    tags: ['operations'],
    params: z.object({ id: z.string().min(1).max(400) }).strict(),
    responses: { 200: { description: 'The dead letter', schema: DeadLetterDetail } },
    handler: async ({ params }, res) => {
      const d = await deadLetters.get(params.id);
      if (!d) throw problems.notFound(`no dead letter '${params.id}'`);
      res.json({
        id: d.id, subscriber: d.subscriber, streamId: d.streamId, version: d.version, eventId: d.eventId, type: d.type,
        attempts: d.attempts, lastError: d.lastError, deadAt: d.deadAt.toISOString(), status: d.status,
        requeuedAt: d.requeuedAt?.toISOString() ?? null, resolvedAt: d.resolvedAt?.toISOString() ?? null,
        event: storedEvent(d.event),
      });
    },
  });
}
