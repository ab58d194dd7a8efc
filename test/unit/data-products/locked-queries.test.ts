import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { salesDataProduct } from '../../../shared/domain/ordering/data-products/sales-data-product';
import { registerDataProductMetrics } from '../../../shared/platform/data-products/data-product-metrics';
import { defineQuery } from '../../../shared/platform/data-products/named-query';
import type { PortStatus } from '../../../shared/platform/data-products/port-layout';
import { localPort, type LocalPort } from './local-port';

const reads = (name: string, sql: string) => defineQuery({ name, description: 'test', parameters: z.object({}).strict(), row: z.object({ n: z.number() }), sql: () => ({ text: sql, values: {} }) });

describe('the query side of a port', () => {
  let port: LocalPort;
  afterAll(async () => {
    await port?.close();
  });

  it('runs queries with file access switched off: no file can be read, written or attached, and the setting cannot be loosened', async () => {
    port = await localPort({
      ...salesDataProduct,
      queries: [
        reads('reads-a-file', `SELECT count(*) AS n FROM read_csv('/etc/passwd')`),
        reads('reads-the-port', `SELECT count(*) AS n FROM read_parquet('${process.cwd()}/**/*.parquet')`),
        reads('writes-a-file', `COPY (SELECT 1 AS n) TO '/tmp/escaped.csv'`),
        reads('attaches', `ATTACH '/tmp/other.duckdb' AS other`),
        reads('loosens', 'SET enable_external_access = true'),
        reads('counts', 'SELECT CAST(count(*) AS INTEGER) AS n FROM sales'),
      ],
    }, []);
    for (const name of ['reads-a-file', 'reads-the-port', 'writes-a-file', 'attaches']) await expect(port.query(name), name).rejects.toThrow(/Permission Error|disabled by configuration/);
    await expect(port.query('loosens')).rejects.toThrow(/locked|Cannot (change|enable)/);
    expect(await port.query('counts')).toEqual([{ n: 0 }]);
  });
});

describe('data product metrics', () => {
  it('show a missed freshness objective, rows and health per product', async () => {
    const registry = new Registry();
    const status = (freshAsOf: string, health: PortStatus['health'] = 'healthy'): PortStatus => ({
      product: 'ordering.sales', version: 1, freshAsOf, lastRefreshAt: freshAsOf, checkedAt: freshAsOf, rows: 6, health, problems: [],
    });
    let current = status(new Date().toISOString());
    registerDataProductMetrics(registry, [salesDataProduct], () => current);
    const value = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value;
    expect(await value('data_product_freshness_objective_met')).toBe(1);
    expect(await value('data_product_rows')).toBe(6);
    current = status(new Date(Date.now() - 10 * 60_000).toISOString(), 'repairing');
    expect(await value('data_product_freshness_objective_met')).toBe(0);
    expect(await value('data_product_freshness_lag_seconds')).toBeGreaterThanOrEqual(600);
    expect(await value('data_product_healthy')).toBe(0);
  });
});
