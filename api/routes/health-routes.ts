import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { ProblemError } from '../http/problem';
import type { ApiRoutes } from '../http/route';

const Status = z.enum(['up', 'down']);
const DependencyHealth = z.object({ status: Status, detail: z.string().optional().describe('Why it is down (may name internal addresses)') });
const HealthStatus = z.object({ status: Status, temporal: z.object({ status: Status }), mongodb: z.object({ status: Status }) }).strict().openapi('HealthStatus');
const HealthReport = z.object({ status: Status, temporal: DependencyHealth, mongodb: DependencyHealth }).openapi('HealthReport');
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

/**
 * `/health` is public and says only up or down (a load balancer's probe needs no key); why a
 * dependency is down names internal addresses, so `/health/details` needs the admin scope.
 */
export function registerHealthRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const check = async () => {
    const { connection } = deps.temporal;
    const [temporal, mongodb] = await Promise.all([
      probe('Temporal', () => connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => connection.healthService.check({}))),
      probe('MongoDB', () => deps.mongo.db.command({ ping: 1 }, { timeoutMS: CHECK_TIMEOUT_MS })),
    ]);
    const up = temporal.status === 'up' && mongodb.status === 'up';
    return { status: up ? 'up' : 'down', temporal, mongodb } satisfies z.infer<typeof HealthReport>;
  };
  routes.add({
    method: 'get',
    path: '/health',
    scope: 'public',
    summary: 'Whether Temporal and MongoDB are reachable (503 problem when either is down); reasons at /health/details',
    tags: ['operations'],
    responses: { 200: { description: 'All dependencies up', schema: HealthStatus } },
    handler: async (_input, res) => {
      const report = await check();
      const statuses = { temporal: { status: report.temporal.status }, mongodb: { status: report.mongodb.status } };
      if (report.status === 'down') throw down(report, statuses);
      res.json({ status: report.status, ...statuses });
    },
  });
  routes.add({
    method: 'get',
    path: '/health/details',
    scope: 'admin',
    summary: 'Reachability of Temporal and MongoDB, with the reason when one is down (503 problem)',
    tags: ['operations'],
    responses: { 200: { description: 'All dependencies up', schema: HealthReport } },
    handler: async (_input, res) => {
      const report = await check();
      if (report.status === 'down') throw down(report, { temporal: report.temporal, mongodb: report.mongodb });
      res.json(report);
    },
  });
}

/** 503 problem naming the dependencies that are down, with their states as extensions. */
function down(report: z.infer<typeof HealthReport>, states: Record<string, unknown>): ProblemError {
  const which = (['temporal', 'mongodb'] as const).filter((d) => report[d].status === 'down').map((d) => (d === 'temporal' ? 'Temporal' : 'MongoDB'));
  return new ProblemError(503, 'dependency-unavailable', 'Service unavailable', `${which.join(' and ')} unreachable`, { status: 'down', ...states });
}
