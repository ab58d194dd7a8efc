import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataProductCatalogue } from '../../../shared/domain/data-product-catalog';
import type { DataProduct } from '../../../shared/platform/data-products/data-product-definition';
import { manifestFile, PortManifest, productDirectory, partitionFile } from '../../../shared/platform/data-products/port-layout';
import { DataProductPorts, PortUnhealthyError } from '../../../shared/platform/data-products/port-reader';
import { useTestDatabase } from '../../support/mongo';
import { appendConfirmedOrder, dataProductStack, eventually, isoDay, noonDaysAgo, type DataProductStack, type TalkOrder } from './data-product-kit';

const { db } = await useTestDatabase('dp_sales');
const sales = dataProductCatalogue.find('ordering.sales') as DataProduct;
const query = (name: string) => sales.queries.find((q) => q.name === name) as DataProduct['queries'][number];
let stack: DataProductStack;

// The talk's six orders, on known days (days before today, so they stay inside the retention window).
const day = { first: noonDaysAgo(6), second: noonDaysAgo(5), third: noonDaysAgo(4), fifth: noonDaysAgo(2) };
const TALK: TalkOrder[] = [
  { orderId: 'talk-carlos', customer: 'Carlos', state: 'NY', dollars: 4000, at: day.first },
  { orderId: 'talk-ann', customer: 'Ann', state: 'AZ', dollars: 300, at: day.first },
  { orderId: 'talk-pritha', customer: 'Pritha', state: 'CA', dollars: 1000, at: day.second },
  { orderId: 'talk-antoni', customer: 'Antoni', state: 'CA', dollars: 340, at: day.third },
  { orderId: 'talk-amani', customer: 'Amani', state: 'AZ', dollars: 2133, at: day.third },
];
const WIDELENE: TalkOrder = { orderId: 'talk-widelene', customer: 'Widelene', state: 'NY', dollars: 900, at: day.fifth };
const range = { from: isoDay(noonDaysAgo(7)), to: isoDay(noonDaysAgo(0)) };

async function salesByStatePerDay(): Promise<Record<string, unknown>[]> {
  const q = query('sales-by-state');
  return [...(await stack.ports.query(sales, q, q.parameters.parse({ ...range, groupBy: 'day' }))).rows];
}

beforeAll(async () => {
  stack = await dataProductStack(db);
  // Five orders are in the store before the worker first starts: its first build replays them.
  for (const order of TALK) await appendConfirmedOrder(stack.store, order);
  await stack.runtime.start();
  // The sixth arrives while it runs: through the relay.
  await appendConfirmedOrder(stack.store, WIDELENE);
  await eventually(() => stack.ports.state(sales), (s) => s.rows === 6 && s.freshness.objectiveMet);
});
afterAll(async () => {
  await stack?.stop();
});

describe("ordering.sales after the talk's six orders on known days", () => {
  it('sales by state per day: the right totals per day and in sum', async () => {
    const rows = await salesByStatePerDay();
    expect(rows).toEqual([
      { period: isoDay(day.first), state: 'AZ', orders: 1, amountCents: 30_000 },
      { period: isoDay(day.first), state: 'NY', orders: 1, amountCents: 400_000 },
      { period: isoDay(day.second), state: 'CA', orders: 1, amountCents: 100_000 },
      { period: isoDay(day.third), state: 'AZ', orders: 1, amountCents: 213_300 },
      { period: isoDay(day.third), state: 'CA', orders: 1, amountCents: 34_000 },
      { period: isoDay(day.fifth), state: 'NY', orders: 1, amountCents: 90_000 },
    ]);
    expect(rows.reduce((n, r) => n + (r.amountCents as number), 0)).toBe(867_300);
    const byState = (await stack.ports.query(sales, query('sales-by-state'), query('sales-by-state').parameters.parse({ ...range, groupBy: 'month' }))).rows;
    const totals: Record<string, number> = {};
    for (const r of byState) totals[r.state as string] = (totals[r.state as string] ?? 0) + (r.amountCents as number);
    expect(totals).toEqual({ NY: 490_000, AZ: 243_300, CA: 134_000 });
  });

  it('the Parquet files exist, one folder per partition, and read back in a fresh DuckDB with the same totals', async () => {
    const directory = productDirectory(stack.portsDirectory, sales);
    expect(readdirSync(directory).filter((f) => f.startsWith('day=')).sort()).toEqual([day.first, day.second, day.third, day.fifth].map((d) => `day=${isoDay(d)}`));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`
      SELECT day, ship_to_state, CAST(sum(total_cents) AS DOUBLE) AS cents, CAST(count(*) AS INTEGER) AS orders
      FROM read_parquet('${directory}/*/*.parquet', hive_partitioning = true) GROUP BY ALL ORDER BY ALL`);
    const rows = reader.getRowObjectsJson();
    connection.closeSync();
    instance.closeSync();
    expect(rows.map((r) => [String(r.day), r.ship_to_state, r.cents])).toEqual([
      [isoDay(day.first), 'AZ', 30_000], [isoDay(day.first), 'NY', 400_000], [isoDay(day.second), 'CA', 100_000],
      [isoDay(day.third), 'AZ', 213_300], [isoDay(day.third), 'CA', 34_000], [isoDay(day.fifth), 'NY', 90_000],
    ]);
    expect(rows.reduce((n, r) => n + (r.cents as number), 0)).toBe(867_300);
  });

  it('no personal field appears in any analytical output: no name, address or customer id, only its pseudonym', async () => {
    const files = listFiles(stack.portsDirectory);
    expect(files.some((f) => f.endsWith('.parquet'))).toBe(true);
    const personal = [...TALK, WIDELENE].flatMap((o) => [o.customer, `cus_${o.customer.toLowerCase()}`, `1 ${o.customer} Street`, 'Springfield']);
    for (const file of files) {
      const content = readFileSync(file).toString('latin1');
      for (const value of personal) expect(content.includes(value), `${value} in ${file}`).toBe(false);
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const keys = (await connection.runAndReadAll(`SELECT DISTINCT customer_key FROM read_parquet('${productDirectory(stack.portsDirectory, sales)}/*/*.parquet') ORDER BY 1`)).getRowObjectsJson();
    connection.closeSync();
    instance.closeSync();
    expect(keys).toHaveLength(6);
    for (const k of keys) expect(k.customer_key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reports its freshness against the objective, its rows and its health', async () => {
    const state = await stack.ports.state(sales);
    expect(state).toMatchObject({ health: 'healthy', rows: 6, partitions: 4, problems: [] });
    expect(state.freshness.objectiveSeconds).toBe(60);
    expect(state.freshness.objectiveMet).toBe(true);
    expect(state.freshness.lagSeconds).toBeLessThan(60);
    expect(Date.parse(state.lastRefreshAt as string)).toBeGreaterThan(Date.now() - 60_000);
    // Long after the worker's last check, the same status misses the objective.
    const later = await stack.ports.state(sales, new Date(Date.now() + 120_000));
    expect(later.freshness.objectiveMet).toBe(false);
  });

  it('a rebuild from the event store gives identical tables and files', async () => {
    const before = await stack.runtime.dump('ordering.sales');
    const manifestBefore = PortManifest.parse(JSON.parse(readFileSync(manifestFile(productDirectory(stack.portsDirectory, sales)), 'utf8')));
    await stack.runtime.rebuild(['ordering.sales']);
    expect(await stack.runtime.dump('ordering.sales')).toEqual(before);
    expect(before).toHaveLength(6);
    const manifestAfter = PortManifest.parse(JSON.parse(readFileSync(manifestFile(productDirectory(stack.portsDirectory, sales)), 'utf8')));
    expect(manifestAfter.partitions).toEqual(manifestBefore.partitions);
    expect(await salesByStatePerDay()).toHaveLength(6);
  });

  it('an order cancelled after confirmation leaves the sales of its day', async () => {
    await stack.store.append('order-talk-ann', 2, [{ type: 'order-cancelled', payload: { orderId: 'talk-ann', reason: 'changed my mind' } }], { correlationId: 'talk-ann', now: noonDaysAgo(1) });
    const rows = await eventually(salesByStatePerDay, (r) => r.length === 5);
    expect(rows.filter((r) => r.period === isoDay(day.first))).toEqual([{ period: isoDay(day.first), state: 'NY', orders: 1, amountCents: 400_000 }]);
  });

  it('a corrupted or missing partition makes the product unhealthy, never a partial answer; the worker writes it again', async () => {
    await stack.runtime.stop();
    const directory = productDirectory(stack.portsDirectory, sales);
    const corrupted = partitionFile(directory, `day=${isoDay(day.second)}`);
    const bytes = readFileSync(corrupted);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    writeFileSync(corrupted, bytes);
    const missing = partitionFile(directory, `day=${isoDay(day.fifth)}`);
    rmSync(missing);
    const fresh = new DataProductPorts(stack.portsDirectory, dataProductCatalogue);
    try {
      expect(await fresh.state(sales)).toMatchObject({
        health: 'unhealthy',
        problems: [expect.stringContaining(`day=${isoDay(day.second)} is corrupted`), expect.stringContaining(`day=${isoDay(day.fifth)} is missing`)],
      });
      await expect(fresh.query(sales, query('sales-by-state'), query('sales-by-state').parameters.parse(range))).rejects.toBeInstanceOf(PortUnhealthyError);
      await stack.runtime.start();
      const healed = await eventually(() => fresh.state(sales), (s) => s.health === 'healthy');
      expect(healed.problems).toEqual([]);
      expect(statSync(missing).size).toBeGreaterThan(0);
      const rows = (await fresh.query(sales, query('sales-by-state'), query('sales-by-state').parameters.parse(range))).rows;
      expect(rows.reduce((n, r) => n + (r.amountCents as number), 0)).toBe(867_300 - 30_000);
    } finally {
      fresh.close();
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}
