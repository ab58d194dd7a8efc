import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
}

const root = new URL('../../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };

describe('docker-compose.yml: the analytical worker', () => {
  it('runs the data products worker with a volume the API reads the Parquet ports from', () => {
    const worker = compose.services['data-products'];
    expect(worker?.image).toBe(compose.services.api?.image); // the image the api service builds
    expect(worker?.command).toEqual(['npx', 'tsx', 'workers/data-products.ts']);
    expect(() => readFileSync(new URL('workers/data-products.ts', root))).not.toThrow();
    expect(worker?.environment).toMatchObject({ NODE_ENV: 'production', DATA_PRODUCTS_DIR: '/data-products', MONGODB_URI: 'mongodb://mongo1:27017,mongo2:27017,mongo3:27017/?replicaSet=rs0' });
    expect(String(worker?.environment?.PSEUDONYMISATION_KEY)).toMatch(/^\$\{PSEUDONYMISATION_KEY:\?/);
    expect(worker?.volumes).toEqual(['data-products:/data-products']);
    expect(compose.services.api?.volumes).toContain('data-products:/data-products:ro');
    expect(compose.services.api?.environment?.DATA_PRODUCTS_DIR).toBe('/data-products');
    expect(compose.volumes).toHaveProperty('data-products');
  });
});
