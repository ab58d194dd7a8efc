import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** A process's health for its supervisor: public, and nothing in it is secret. */
export type HealthCheck = () => { readonly healthy: boolean; readonly report: unknown };

/**
 * A /metrics endpoint for worker processes (the API serves its own, behind the admin scope).
 * It answers only `Authorization: Bearer <token>` (compared in constant time): metrics name
 * subscribers, views and volumes, which are nobody else's business. With `health`, also a public
 * `/health`: 200 while healthy, else 503, with the report.
 */
export function startMetricsServer(registry: Registry, host: string, port: number, token: string, health?: HealthCheck): Promise<Server> {
  const expected = digest(token);
  const server = createServer((req, res) => {
    if (req.url === '/health' && health) {
      const { healthy, report } = health();
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      return;
    }
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
