import { z } from 'zod';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import { FeedPositionLostError, LiveFeed } from '../../../shared/platform/messaging/live-feed';
import type { ApiDeps } from '../../deps';
import { ProblemError } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';

const HEARTBEAT_MS = 15_000;

const StreamQuery = z
  .object({
    type: z.string().max(2_000).optional().meta({ description: 'Comma-separated public message types (default: all)', example: 'ordering.order-status-changed,inventory.stock-level-changed' }),
    lastEventId: z.string().max(100).optional().meta({ description: 'Resume after this message (same as the Last-Event-ID header)' }),
  })
  .strict();

function wantedTypes(list: string | undefined): Set<string> | undefined {
  if (list === undefined) return undefined;
  const types = new Set(list.split(',').map((t) => t.trim()).filter(Boolean));
  const unknown = [...types].filter((t) => publicMessageCatalogue.versionsOf(t).length === 0);
  if (unknown.length > 0) {
    throw new ProblemError(400, 'not-a-published-message', 'Not a published message', `not public message types: ${unknown.join(', ')}`, {
      available: publicMessageCatalogue.available(),
    });
  }
  return types;
}

/**
 * GET /messages/stream: the public messages as the relay publishes them, as server-sent events
 * (`id:` the message's event-id, `data:` the wire message). Resumable with Last-Event-ID.
 */
export function registerMessageStreamRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const feed = new LiveFeed(deps.mongo.db);
  let ready: Promise<void> | undefined;
  routes.add({
    method: 'get',
    path: '/messages/stream',
    scope: 'queries',
    summary: 'Live feed of public messages (text/event-stream), in order per stream; reconnect with Last-Event-ID to resume without gaps or duplicates',
    tags: ['catalog'],
    query: StreamQuery,
    responses: {
      200: { description: 'text/event-stream: `id: <event-id>` and `data: <public wire message>` per message' },
      410: { description: 'The feed no longer holds the Last-Event-ID: reconnect without it and fetch state from the query API' },
    },
    handler: async ({ query }, res, req) => {
      const types = wantedTypes(query.type);
      const resumeFrom = req.get('last-event-id') ?? query.lastEventId;
      await (ready ??= feed.ensureCollection().catch((err: unknown) => { ready = undefined; throw err; }));
      if (resumeFrom !== undefined && !(await feed.holds(resumeFrom))) {
        throw new ProblemError(410, 'feed-position-lost', 'Feed position lost', `the feed no longer holds message ${resumeFrom}; reconnect without Last-Event-ID and fetch state from the query API`);
      }
      // A new reader starts after the newest message held now: what the relay publishes from here on.
      const after = resumeFrom ?? (await feed.head());
      const abort = new AbortController();
      req.on('close', () => abort.abort());
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.write(': public messages; reconnect with Last-Event-ID to resume\n\n');
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      try {
        for await (const entry of feed.follow({ ...(after === undefined ? {} : { after }), ...(types ? { types } : {}), signal: abort.signal })) {
          res.write(`id: ${entry.id}\ndata: ${JSON.stringify(entry.message)}\n\n`);
        }
      } catch (err) {
        if (!(err instanceof FeedPositionLostError)) deps.logger.error({ err }, 'message stream failed');
        res.write(`event: error\ndata: ${JSON.stringify({ error: err instanceof FeedPositionLostError ? 'feed-position-lost' : 'internal-error' })}\n\n`);
      } finally {
        clearInterval(heartbeat);
        res.end();
      }
    },
  });
}
