import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedMetrics, servedMetrics, type ServedMetric } from '../../support/metrics-table';
import { platformEnv, startPlatformProcess, type PlatformEnv, type PlatformProcess } from '../../support/platform-processes';

/** Every process that serves /metrics: its entry file, the setting of its port, and where /metrics is. */
const PROCESSES = [
  { name: 'api', entry: 'api/server.ts', port: 'PORT' },
  { name: 'worker', entry: 'workers/temporal-worker.ts', port: 'WORKER_HEALTH_PORT' },
  { name: 'projector', entry: 'workers/projector.ts', port: 'PROJECTOR_METRICS_PORT' },
  { name: 'webhook-relay', entry: 'workers/webhook-relay.ts', port: 'RELAY_METRICS_PORT' },
  { name: 'returns-participants', entry: 'workers/returns-participants.ts', port: 'RETURNS_METRICS_PORT' },
  { name: 'data-products', entry: 'workers/data-products.ts', port: 'DATA_PRODUCTS_METRICS_PORT' },
  { name: 'claim-retention', entry: 'workers/claim-retention.ts', port: 'CLAIM_RETENTION_METRICS_PORT' },
] as const;

let env: PlatformEnv;
const running: PlatformProcess[] = [];
const served = new Map<string, Map<string, ServedMetric>>();

beforeAll(async () => {
  env = platformEnv(randomUUID().slice(0, 8));
  for (const p of PROCESSES) running.push(await startPlatformProcess(p.name, p.entry, env, p.port));
  // Every worker process answers /health (compose's health checks); the API's is its own route.
  for (const p of running) expect((await fetch(`${p.url}/health`)).status, `${p.name} /health`).toBe(200);
  for (const p of running) {
    const token = p.name === 'api' ? env.apiKey : env.metricsToken;
    for (;;) {
      const res = await fetch(`${p.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, `${p.name} /metrics`).toBe(200);
      const families = servedMetrics(await res.text());
      // The engine's metrics appear once the worker polls its task queue.
      if (p.name !== 'worker' || [...families.keys()].some((n) => n.startsWith('temporal_'))) {
        served.set(p.name, families);
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (process.env.METRICS_DUMP) writeFileSync(process.env.METRICS_DUMP, JSON.stringify(Object.fromEntries([...served].map(([p, f]) => [p, Object.fromEntries([...f].map(([n, m]) => [n, { type: m.type, labels: [...m.labels] }]))])), null, 1));
});

afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
});

const covers = (documented: string, name: string) => (documented.endsWith('*') ? name.startsWith(documented.slice(0, -1)) : documented === name);

describe('one /metrics per process, documented in the README', () => {
  it("the worker's /metrics serves the Temporal engine's own metrics beside the saga metrics", () => {
    const worker = served.get('worker') as Map<string, ServedMetric>;
    expect([...worker.keys()].filter((n) => n.startsWith('temporal_')).length).toBeGreaterThan(3);
    expect(worker.has('saga_finished_total')).toBe(true);
    expect(worker.has('saga_compensation_failures_total')).toBe(true);
  });

  it('every documented metric is served by its process, with its type and labels', () => {
    const problems: string[] = [];
    for (const row of documentedMetrics()) {
      const families = served.get(row.process);
      if (!families) { problems.push(`${row.name}: unknown process ${row.process}`); continue; }
      if (row.name.endsWith('*')) {
        if (![...families.keys()].some((n) => covers(row.name, n))) problems.push(`${row.process}: nothing served matches ${row.name}`);
        continue;
      }
      const family = families.get(row.name);
      if (!family) { problems.push(`${row.process}: ${row.name} documented, not served`); continue; }
      if (family.type !== row.type) problems.push(`${row.process}: ${row.name} is a ${family.type}, documented as ${row.type}`);
      const undocumented = [...family.labels].filter((l) => !row.labels.includes(l));
      if (undocumented.length > 0) problems.push(`${row.process}: ${row.name} has undocumented labels ${undocumented.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('every metric a process serves is documented', () => {
    const rows = documentedMetrics();
    const undocumented = [...served].flatMap(([process, families]) => [...families.keys()]
      .filter((name) => !rows.some((r) => r.process === process && covers(r.name, name)))
      .map((name) => `${process}: ${name}`));
    expect(undocumented).toEqual([]);
  });
});
