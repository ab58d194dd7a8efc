import { Gauge } from 'prom-client';
import { countOpenReturns, listReturns, readReturnProgress } from '../../../shared/domain/ordering/views/returns-view';
import { isStuck } from '../../../shared/domain/ordering/views/return-progress';
import type { ApiDeps } from '../../deps';
import { problems } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';
import { readSide } from '../../http/view-reads';
import { ReturnIdParams, ReturnListQuery, ReturnListResponse, ReturnProgressResponse } from './return-request-schemas';

/**
 * Query side of returns: the returns view, keyed by the return's id (its correlation id). A
 * choreography has no coordinator to ask how a return is doing; this view puts every
 * participant's reactions together and says what is outstanding, and flags a return stuck when
 * a participant owes a reaction and nothing happened for RETURN_STUCK_AFTER (also as metrics).
 */
export function registerReturnQueryRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const side = readSide(deps);
  const { stuckAfterMs } = deps.config.returns;
  registerStuckMetrics(deps, async () => countOpenReturns(await side.view('returns'), new Date(), stuckAfterMs));

  routes.add({
    method: 'get',
    path: '/returns/:id',
    scope: 'queries',
    summary: "A return as its participants' events show it: every reaction with time and outcome, what is outstanding, stuck or not",
    tags: ['returns', 'views'],
    params: ReturnIdParams,
    responses: { 200: { description: 'The return', schema: ReturnProgressResponse } },
    handler: async ({ params }, res) => {
      const progress = await readReturnProgress(await side.view('returns'), params.id);
      if (!progress) throw problems.notFound(`return ${params.id} is not in the returns view (unknown, or not projected yet)`);
      const { stamp: _stamp, ...shown } = progress;
      res.json({ ...shown, stuck: isStuck(progress, new Date(), stuckAfterMs) });
    },
  });

  routes.add({
    method: 'get',
    path: '/returns',
    scope: 'queries',
    summary: 'Returns by status, newest first; stuck=true lists those a participant has left without a reaction for RETURN_STUCK_AFTER',
    tags: ['returns', 'views'],
    query: ReturnListQuery,
    responses: { 200: { description: 'Matching returns', schema: ReturnListResponse } },
    handler: async ({ query }, res) => {
      const page = await listReturns(await side.view('returns'), { ...query, now: new Date(), stuckAfterMs });
      res.json({ ...page, stuckAfterMs });
    },
  });
}

/** `returns_open` and `returns_stuck`, read from the view's open index when scraped. */
function registerStuckMetrics(deps: ApiDeps, count: () => Promise<{ open: number; stuck: number }>): void {
  let last: Promise<{ open: number; stuck: number }> | undefined;
  // One read of the view per scrape serves both gauges.
  const read = () => (last ??= count().finally(() => setTimeout(() => { last = undefined; }, 0)));
  new Gauge({
    name: 'returns_open',
    help: 'Returns a participant still owes a reaction (the returns view)',
    registers: [deps.metrics],
    async collect() { this.set((await read()).open); },
  });
  new Gauge({
    name: 'returns_stuck',
    help: 'Open returns with no progress for RETURN_STUCK_AFTER while a participant owes a reaction',
    registers: [deps.metrics],
    async collect() { this.set((await read()).stuck); },
  });
}
