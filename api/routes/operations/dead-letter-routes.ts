import { z } from 'zod';
import { DeadLetters } from '../../../shared/platform/outbox';
import type { ApiDeps } from '../../deps';
import { problems } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';

const DeadLetterView = z
  .object({
    id: z.string(), subscriber: z.string(), streamId: z.string(), version: z.number().int(), eventId: z.string(), type: z.string(),
    attempts: z.number().int(), lastError: z.string(), deadAt: z.string(), status: z.enum(['parked', 'requeued', 'resolved']),
  })
  .openapi('DeadLetter');

export function registerDeadLetterRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const deadLetters = new DeadLetters(deps.mongo.db);
  routes.add({
    method: 'get',
    path: '/dead-letters',
    scope: 'admin',
    summary: 'Messages a subscriber could not take after every retry (later events of that stream wait behind them)',
    tags: ['operations'],
    query: z.object({
      subscriber: z.string().max(200).optional(),
      status: z.enum(['parked', 'requeued', 'resolved', 'all']).default('parked'),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }).strict(),
    responses: { 200: { description: 'Dead letters, oldest first', schema: z.object({ items: z.array(DeadLetterView) }) } },
    handler: async ({ query }, res) => {
      const items = await deadLetters.list({ ...(query.subscriber ? { subscriber: query.subscriber } : {}), status: query.status, limit: query.limit });
      res.json({
        items: items.map((d) => ({
          id: d.id, subscriber: d.subscriber, streamId: d.streamId, version: d.version, eventId: d.eventId, type: d.type,
          attempts: d.attempts, lastError: d.lastError, deadAt: d.deadAt.toISOString(), status: d.status,
        })),
      });
    },
  });
  routes.add({
    method: 'post',
    path: '/dead-letters/:id/requeue',
    scope: 'admin',
    summary: 'Deliver a dead letter again (and the events of its stream queued behind it)',
    tags: ['operations'],
    params: z.object({ id: z.string().min(1).max(400) }).strict(),
    responses: { 202: { description: 'Re-queued', schema: z.object({ id: z.string(), outcome: z.literal('requeued') }) } },
    handler: async ({ params }, res) => {
      const outcome = await deadLetters.requeue(params.id);
      if (outcome === 'not-found') throw problems.notFound(`no dead letter '${params.id}'`);
      if (outcome === 'not-parked') throw problems.conflict('dead-letter-not-parked', `dead letter '${params.id}' was already re-queued or resolved`);
      if (outcome === 'busy') throw problems.conflict('dead-letter-busy', `a relay is delivering stream of '${params.id}' right now; retry shortly`);
      res.status(202).json({ id: params.id, outcome });
    },
  });
}
