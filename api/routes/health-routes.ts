import { z } from 'zod';
import type { ApiDeps } from '../deps';
import type { ApiRoutes } from '../http/route';

const DependencyHealth = z.object({ status: z.enum(['up', 'down']), detail: z.string().optional() });
const HealthReport = z.object({ status: z.enum(['up', 'down']), temporal: DependencyHealth, mongodb: DependencyHealth }).openapi('HealthReport');
type DependencyHealth = z.infer<typeof DependencyHealth>;

const CHECK_TIMEOUT_MS = 2_000;

async function probe(what: string, check: () => Promise<unknown>): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', detail: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  routes.add({
    method: 'get',
    path: '/health',
    scope: 'public',
    summary: 'Reachability of Temporal and MongoDB (503 when either is down)',
    tags: ['operations'],
    responses: { 200: { description: 'All dependencies up', schema: HealthReport }, 503: { description: 'A dependency is down', schema: HealthReport } },
    handler: async (_input, res) => {
      const { connection } = deps.temporal;
      const [temporal, mongodb] = await Promise.all([
        probe('Temporal', () => connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => connection.healthService.check({}))),
        probe('MongoDB', () => deps.mongo.db.command({ ping: 1 }, { timeoutMS: CHECK_TIMEOUT_MS })),
      ]);
      const up = temporal.status === 'up' && mongodb.status === 'up';
      res.status(up ? 200 : 503).json({ status: up ? 'up' : 'down', temporal, mongodb });
    },
  });
}
