import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** A process's health for its supervisor: public, and nothing in it is secret. */
export type HealthCheck = () => { readonly healthy: boolean; readonly report: unknown };

/** The health of a process that has nothing to check but being up and serving (compose's health checks). */
export const ALIVE: HealthCheck = () => ({ healthy: true, report: { status: 'up' } });

/**
 * A /metrics endpoint for worker processes (the API serves its own, behind the admin scope).
 * It answers only `Authorization: Bearer <token>` (compared in constant time): metrics name
 * subscribers, views and volumes, which are nobody else's business. With `health`, also a public
 * `/health`: 200 while healthy, else 503, with the report. With `more`, the text it returns is served
 * after the registry's (another exposition of this process, e.g. the Temporal engine's): one
 * `/metrics` per process.
 */
export function startMetricsServer(registry: Registry, host: string, port: number, token: string, health?: HealthCheck, more?: () => Promise<string>): Promise<Server> {
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
    Promise.all([registry.metrics(), more ? more() : '']).then(
      ([own, other]) => res.writeHead(200, { 'content-type': registry.contentType }).end(other ? `${own}\n${other}` : own),
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
