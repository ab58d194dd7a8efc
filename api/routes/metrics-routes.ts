import { z } from 'zod';
import type { ApiDeps } from '../deps';
import type { ApiRoutes } from '../http/route';

export function registerMetricsRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  routes.add({
    method: 'get',
    path: '/metrics',
    scope: 'admin',
    summary: 'Prometheus metrics of this API process',
    tags: ['operations'],
    responses: { 200: { description: 'Prometheus text exposition format', contentType: 'text/plain', schema: z.string() } },
    handler: async (_input, res) => {
      res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
    },
  });
}
