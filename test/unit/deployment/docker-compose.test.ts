import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { documentedMetrics } from '../../support/metrics-table';

interface Service {
  image?: string;
  build?: unknown;
  pull_policy?: string;
  restart?: string;
  command?: string[] | string;
  entrypoint?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  volumes?: string[];
}

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;

/** The platform's processes and the port setting each serves /health and /metrics on. */
const PLATFORM: Record<string, { entry: string; port: string }> = {
  api: { entry: 'api/server.ts', port: 'PORT' },
  worker: { entry: 'workers/temporal-worker.ts', port: 'WORKER_HEALTH_PORT' },
  'claim-retention': { entry: 'workers/claim-retention.ts', port: 'CLAIM_RETENTION_METRICS_PORT' },
  'webhook-relay': { entry: 'workers/webhook-relay.ts', port: 'RELAY_METRICS_PORT' },
  projector: { entry: 'workers/projector.ts', port: 'PROJECTOR_METRICS_PORT' },
  'returns-participants': { entry: 'workers/returns-participants.ts', port: 'RETURNS_METRICS_PORT' },
  'data-products': { entry: 'workers/data-products.ts', port: 'DATA_PRODUCTS_METRICS_PORT' },
};
/** Services that run once and exit: compose judges them by their exit code. */
const ONE_SHOT = ['temporal-setup', 'mongo-init'];
const LONG_RUNNING = Object.keys(services).filter((s) => !ONE_SHOT.includes(s));

const dependsOn = (name: string): Record<string, string> => {
  const d = services[name]?.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([n, c]) => [n, c.condition]));
};
const text = (v: unknown) => (Array.isArray(v) ? v.join(' ') : String(v ?? ''));

describe('docker-compose.yml', () => {
  it('has the production-like topology', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([
      'temporal-db', 'temporal', 'temporal-setup', 'temporal-ui', 'mongo1', 'mongo2', 'mongo3', 'mongo-init', ...Object.keys(PLATFORM), 'jaeger', 'prometheus', 'grafana',
    ]));
    // Every view, the lead table included, is kept by the one projector.
    expect(Object.keys(services)).not.toContain('lead-projector');
  });

  it('gives Temporal its own database and the UI its port', () => {
    expect(services.temporal?.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'temporal-db' });
    expect(services.temporal?.ports).toContain('7233:7233');
    expect(services['temporal-ui']?.ports).toContain('8233:8080');
    expect(services['temporal-ui']?.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('runs MongoDB as a three-member replica set', () => {
    for (const n of ['mongo1', 'mongo2', 'mongo3']) expect(services[n]?.command).toEqual(['mongod', '--replSet', 'rs0', '--bind_ip_all']);
    expect(String(services['mongo-init']?.command)).toContain("_id: 'rs0'");
  });

  it('gives every long-running service a health check and a restart policy, and one-shot set-up jobs a restart on failure', () => {
    for (const name of LONG_RUNNING) {
      const s = services[name] as Service;
      expect(s.healthcheck?.test, `${name} health check`).toBeDefined();
      expect(s.healthcheck?.disable, name).not.toBe(true);
      expect(['unless-stopped', 'always'], `${name} restart`).toContain(s.restart);
    }
    for (const name of ONE_SHOT) expect(services[name]?.restart, name).toBe('on-failure');
  });

  it('checks each platform process on its own /health port', () => {
    for (const [name, { port }] of Object.entries(PLATFORM)) {
      const value = name === 'api' ? 3000 : services[name]?.environment?.[port];
      expect(value, `${name} ${port}`).toEqual(expect.any(Number));
      expect(text(services[name]?.healthcheck?.test)).toContain(`http://127.0.0.1:${value}/health`);
    }
  });

  it('starts each service after what it needs is ready', () => {
    expect(dependsOn('temporal')).toMatchObject({ 'temporal-db': 'service_healthy' });
    expect(dependsOn('temporal-setup')).toMatchObject({ temporal: 'service_healthy' });
    expect(dependsOn('temporal-ui')).toMatchObject({ temporal: 'service_healthy' });
    expect(dependsOn('mongo-init')).toEqual({ mongo1: 'service_healthy', mongo2: 'service_healthy', mongo3: 'service_healthy' });
    for (const name of Object.keys(PLATFORM)) expect(dependsOn(name), name).toMatchObject({ 'mongo-init': 'service_completed_successfully' });
    // Processes that talk to Temporal wait for the namespace and its search attributes.
    for (const name of ['api', 'worker', 'claim-retention', 'returns-participants']) expect(dependsOn(name), name).toMatchObject({ 'temporal-setup': 'service_completed_successfully' });
    expect(dependsOn('grafana')).toMatchObject({ prometheus: 'service_healthy' });
  });

  it('waits for the Temporal namespace and registers every search attribute with retries until the server lists it', () => {
    const command = text(services['temporal-setup']?.command);
    expect(command).toMatch(/for i in \$\$\(seq 1 \d+\); do\s+if temporal operator namespace describe --namespace default/);
    expect(command).toContain('exit 1');
    expect(command).toContain('temporal operator search-attribute list --namespace default | grep -qw "$$name" && break');
    expect(command).not.toContain('|| true');
    const registered = read('scripts/search-attributes.txt').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim());
    const listed = /for attribute in ([^;]+);/.exec(command)?.[1]?.trim().split(/\s+/) ?? [];
    expect(listed.sort()).toEqual([...registered].sort());
  });

  it('initiates the replica set with retries and waits until a primary is elected', () => {
    const script = text(services['mongo-init']?.command);
    expect(script).toMatch(/for \(let i = 0; i < \d+ && !initiated; i\+\+\)/);
    expect(script).toContain("e.codeName === 'NotYetInitialized'");
    expect(script).toMatch(/for \(let i = 0; i < \d+ && !primary; i\+\+\)/);
    expect(script).toContain("m.stateStr === 'PRIMARY'");
    expect(script).toContain('quit(1)');
  });

  it('builds the application image once and runs every platform process from it', () => {
    const builders = Object.entries(services).filter(([, s]) => s.build !== undefined).map(([n]) => n);
    expect(builders).toEqual(['api']);
    expect(services.api?.build).toBe('.');
    const image = services.api?.image;
    expect(image).toBeTruthy();
    for (const name of Object.keys(PLATFORM)) {
      const s = services[name] as Service;
      expect(s.image, name).toBe(image);
      if (name !== 'api') expect(s.pull_policy, `${name} must not try to pull the local image`).toBe('never');
      expect(s.environment, name).toMatchObject({
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        TEMPORAL_ADDRESS: 'temporal:7233',
        MONGODB_URI: 'mongodb://mongo1:27017,mongo2:27017,mongo3:27017/?replicaSet=rs0',
      });
    }
    expect(services.api?.command).toEqual(['npx', 'tsx', 'api/server.ts']);
    expect(services.api?.ports).toContain('3000:3000');
    expect(services.api?.environment).toMatchObject({ PORT: 3000 });
    expect(String(services.api?.environment?.API_KEYS)).toMatch(/^\$\{API_KEYS:\?/);
  });

  it('points each process command at a file that exists', () => {
    for (const [name, { entry }] of Object.entries(PLATFORM)) {
      expect(services[name]?.command, name).toEqual(['npx', 'tsx', entry]);
      expect(() => read(entry)).not.toThrow();
    }
  });

  it('sends every process\'s traces to Jaeger over OTLP, one service name each', () => {
    expect(services.jaeger?.environment?.COLLECTOR_OTLP_ENABLED).toBe('true');
    const names = new Set<string>();
    for (const name of Object.keys(PLATFORM)) {
      expect(services[name]?.environment?.OTEL_EXPORTER_OTLP_ENDPOINT, name).toBe('http://jaeger:4318');
      names.add(String(services[name]?.environment?.OTEL_SERVICE_NAME));
    }
    expect(names.size).toBe(Object.keys(PLATFORM).length);
  });

  it('has Prometheus scrape every process\'s /metrics with its bearer token', () => {
    const prometheus = services.prometheus as Service;
    expect(prometheus.volumes).toContain('./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(text(prometheus.command)).toContain('"$$METRICS_TOKEN" > /prometheus/metrics-token');
    expect(text(prometheus.command)).toContain('"$$PROMETHEUS_API_KEY" > /prometheus/api-key');
    const config = parse(read('deploy/prometheus/prometheus.yml')) as { scrape_configs: { job_name: string; authorization?: { credentials_file?: string }; static_configs: { targets: string[] }[] }[] };
    const targets = new Map(config.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets.map((t) => [t, job.authorization?.credentials_file] as const))));
    for (const [name, { port }] of Object.entries(PLATFORM)) {
      const target = `${name}:${name === 'api' ? 3000 : String(services[name]?.environment?.[port])}`;
      expect(targets.has(target), `scrapes ${target}`).toBe(true);
      expect(targets.get(target)).toBe(name === 'api' ? '/prometheus/api-key' : '/prometheus/metrics-token');
    }
    // The API's /metrics takes an admin-scope key: Prometheus's is one of the API's keys.
    expect(String(services.api?.environment?.API_KEYS)).toMatch(/,\$\{PROMETHEUS_API_KEY:\?[^}]*\}:admin$/);
  });

  it('provisions Grafana with the Prometheus data source and the dashboard, whose every metric is documented and served', () => {
    const grafana = services.grafana as Service;
    expect(grafana.volumes).toEqual(expect.arrayContaining(['./deploy/grafana/provisioning:/etc/grafana/provisioning:ro', './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro']));
    const datasource = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string }[] };
    expect(datasource.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' });
    const provider = parse(read('deploy/grafana/provisioning/dashboards/saga-platform.yml')) as { providers: { options: { path: string } }[] };
    expect(provider.providers[0]?.options.path).toBe('/var/lib/grafana/dashboards');

    const dashboard = JSON.parse(read('deploy/grafana/dashboards/saga-platform.json')) as { panels: { title: string; targets: { expr: string; datasource: { uid: string } }[] }[] };
    const titles = dashboard.panels.map((p) => p.title.toLowerCase()).join(' | ');
    for (const topic of ['sagas ended by outcome', 'step latency', 'projection lag', 'outbox backlog', 'dead letters', 'compensation failures']) expect(titles).toContain(topic);
    const documented = documentedMetrics().map((m) => m.name);
    const covered = (metric: string) => documented.some((d) => (d.endsWith('*') ? metric.startsWith(d.slice(0, -1)) : d === metric || d === metric.replace(/_(bucket|sum|count)$/, '')));
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        expect(target.datasource.uid).toBe('prometheus');
        const metrics = [...target.expr.matchAll(/\b(?:saga|outbox|projection|http|temporal|data_product|claim|returns)_[a-z_]+\b/g)].map((m) => m[0]);
        expect(metrics.length, panel.title).toBeGreaterThan(0);
        for (const m of metrics) expect(covered(m), `${panel.title}: ${m} is in the README's metrics table`).toBe(true);
      }
    }
  });

  it('keeps the README\'s compose section in step with the file', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Production-like topology'));
    for (const name of [...Object.keys(PLATFORM), 'jaeger', 'prometheus', 'grafana', 'temporal-setup', 'mongo-init']) expect(section, name).toContain(`\`${name}\``);
    for (const variable of ['API_KEYS', 'DATA_ENCRYPTION_KEYS', 'METRICS_TOKEN', 'PROMETHEUS_API_KEY', 'PSEUDONYMISATION_KEY', 'GRAFANA_ADMIN_PASSWORD']) {
      expect(read('docker-compose.yml')).toContain(`\${${variable}:?`);
      expect(section, variable).toContain(variable);
    }
  });
});
