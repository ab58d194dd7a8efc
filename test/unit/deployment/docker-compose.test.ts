import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  ports?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }> | string[];
}

const root = new URL('../../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has the production-like topology', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([
      'temporal-db', 'temporal', 'temporal-setup', 'temporal-ui', 'mongo1', 'mongo2', 'mongo3', 'mongo-init', 'api', 'worker', 'webhook-relay', 'projector', 'returns-participants',
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

  it('registers every search attribute the code defines', () => {
    const registered = readFileSync(new URL('scripts/search-attributes.txt', root), 'utf8')
      .split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.split('=') as [string, string]);
    const command = String(services['temporal-setup']?.command);
    for (const [name, type] of registered) expect(command).toContain(`--name ${name} --type ${type}`);
  });

  it('builds the API and worker from this repo with the environment they need', () => {
    for (const name of ['api', 'worker', 'webhook-relay', 'projector', 'claim-retention', 'returns-participants']) {
      const s = services[name];
      expect(s?.build).toBe('.');
      expect(s?.environment).toMatchObject({
        NODE_ENV: 'production',
        TEMPORAL_ADDRESS: 'temporal:7233',
        MONGODB_URI: 'mongodb://mongo1:27017,mongo2:27017,mongo3:27017/?replicaSet=rs0',
      });
    }
    expect(services.api?.command).toEqual(['npx', 'tsx', 'api/server.ts']);
    expect(services.worker?.command).toEqual(['npx', 'tsx', 'workers/temporal-worker.ts']);
    expect(services.api?.ports).toContain('3000:3000');
    expect(services.api?.environment).toMatchObject({ HOST: '0.0.0.0', PORT: 3000 });
    expect(String(services.api?.environment?.API_KEYS)).toMatch(/^\$\{API_KEYS:\?/);
  });

  it('points each process command at a file that exists', () => {
    for (const name of ['api', 'worker', 'webhook-relay', 'projector', 'claim-retention', 'returns-participants']) {
      const file = (services[name]?.command as string[]).at(-1) ?? '';
      expect(() => readFileSync(new URL(file, root))).not.toThrow();
    }
  });
});
