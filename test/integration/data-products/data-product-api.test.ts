import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The API (and with it zod's OpenAPI extension) before any domain schema: see api/http/openapi.ts.
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendConfirmedOrder, dataProductStack, eventually, isoDay, noonDaysAgo, type DataProductStack } from './data-product-kit';

let api: ApiHarness;
let empty: ApiHarness;
let stack: DataProductStack;

beforeAll(async () => {
  api = await startApiHarness({ DATA_PRODUCTS_DIR: mkdtempSync(join(tmpdir(), 'dp-api-')) });
  stack = await dataProductStack(api.deps.mongo.db, {}, api.config.dataProducts.directory);
  await appendConfirmedOrder(stack.store, { orderId: 'api-1', customer: 'Carlos', state: 'NY', dollars: 4000, at: noonDaysAgo(3) });
  await appendConfirmedOrder(stack.store, { orderId: 'api-2', customer: 'Ann', state: 'AZ', dollars: 300, at: noonDaysAgo(3) });
  await stack.runtime.start();
  await eventually(() => get(api, '/data-products'), (r) => r.json.items?.every((p: LooseJson) => p.status.freshness.objectiveMet));
  // An API whose analytical worker has not built anything yet.
  empty = await startApiHarness({ DATA_PRODUCTS_DIR: mkdtempSync(join(tmpdir(), 'dp-api-empty-')) });
});
afterAll(async () => {
  await stack?.stop();
  await empty?.close();
  await api?.close();
});

const get = async (harness: ApiHarness, path: string, key: string = TEST_KEYS.queries): Promise<{ status: number; json: LooseJson; type: string | null }> => {
  const res = await harness.request('GET', path, { key });
  return { status: res.status, type: res.headers.get('content-type'), json: await readJson(res) };
};

describe('GET /data-products', () => {
  it('lists every product with its owner and live status', async () => {
    const { status, json } = await get(api, '/data-products');
    expect(status).toBe(200);
    expect(json.items.map((p: LooseJson) => p.name)).toEqual(['ordering.sales', 'crm.lead-funnel', 'inventory.stock-movements']);
    const sales = json.items[0];
    expect(sales).toMatchObject({ context: 'ordering', version: 1, owner: { team: 'Ordering' }, href: '/data-products/ordering.sales', status: { health: 'healthy', rows: 2, partitions: 1 } });
    expect(sales.status.freshness).toMatchObject({ objectiveSeconds: 60, objectiveMet: true });
  });

  it('describes one product: schema with personal-data classification, dropped fields, output ports, queries', async () => {
    const { status, json } = await get(api, '/data-products/ordering.sales');
    expect(status).toBe(200);
    expect(json.schema.columns).toContainEqual(expect.objectContaining({ name: 'customer_key', type: 'VARCHAR', personalData: 'pseudonymised', pseudonymOf: 'customerId' }));
    expect(json.schema).toMatchObject({ table: 'sales', key: ['order_id'], partitionBy: { column: 'confirmed_on', grain: 'day' } });
    expect(json.source).toEqual({ kind: 'public-messages', messages: [{ type: 'ordering.order-confirmed', version: 1 }, { type: 'ordering.order-status-changed', version: 1 }] });
    expect(json.outputPorts[0]).toMatchObject({ kind: 'parquet', path: 'ordering.sales/v1/', layout: 'day=<YYYY-MM-DD>/data.parquet' });
    expect(json.outputPorts[1].queries.map((q: LooseJson) => q.href)).toContain('/data-products/ordering.sales/queries/sales-by-state');
    const funnel = (await get(api, '/data-products/crm.lead-funnel')).json;
    expect(funnel.dropped.map((d: LooseJson) => d.field)).toEqual(['first-name', 'last-name', 'phone-number', 'reason']);
    expect(funnel.schema.columns.map((c: LooseJson) => c.name)).not.toContain('phone_number');
  });

  it('answers unknown products and queries with 404 listing what exists', async () => {
    const product = await get(api, '/data-products/ordering.nope');
    expect(product.status).toBe(404);
    expect(product.type).toContain('application/problem+json');
    expect(product.json.available).toEqual(['crm.lead-funnel', 'inventory.stock-movements', 'ordering.sales']);
    const query = await get(api, '/data-products/ordering.sales/queries/everything');
    expect(query.status).toBe(404);
    expect(query.json.available).toEqual(['sales-by-state', 'average-order-value', 'sales-change-by-state']);
    expect((await get(api, '/data-products/ordering.nope/queries/sales-by-state')).json.available).toHaveLength(3);
  });

  it('needs an API key of the queries scope', async () => {
    expect((await api.request('GET', '/data-products')).status).toBe(401);
    expect((await get(api, '/data-products', TEST_KEYS.commands)).status).toBe(403);
  });
});

describe('GET /data-products/{name}/queries/{query}', () => {
  const day = isoDay(noonDaysAgo(3));

  it('answers a named query with validated parameters, and says how fresh the answer is', async () => {
    const { status, json } = await get(api, `/data-products/ordering.sales/queries/sales-by-state?from=${day}&to=${day}&groupBy=day`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ product: 'ordering.sales', version: 1, query: 'sales-by-state', parameters: { from: day, to: day, groupBy: 'day' } });
    expect(json.rows).toEqual([{ period: day, state: 'AZ', orders: 1, amountCents: 30_000 }, { period: day, state: 'NY', orders: 1, amountCents: 400_000 }]);
    expect(json.freshness.objectiveMet).toBe(true);
    const average = await get(api, `/data-products/ordering.sales/queries/average-order-value?from=${day}&to=${day}`);
    expect(average.json.rows).toEqual([{ period: day, orders: 2, amountCents: 430_000, averageCents: 215_000 }]);
    const defaults = await get(api, '/data-products/ordering.sales/queries/sales-change-by-state');
    expect(defaults.json.rows).toEqual(expect.arrayContaining([expect.objectContaining({ state: 'NY', amountCents: 400_000, previousAmountCents: 0, changeCents: 400_000 })]));
  });

  it('refuses invalid or out-of-range parameters with field-level errors', async () => {
    const cases: [string, string, string][] = [
      ['groupBy=hour', 'groupBy', 'Invalid option'],
      ['from=2026-02-30', 'from', ''],
      [`from=${day}&to=2000-01-01`, 'to', 'must not be before from'],
      ['from=2000-01-01&to=2010-01-01', 'from', 'at most 1098 days'],
      ['state=XX', 'state', ''],
    ];
    for (const [query, path, message] of cases) {
      const { status, json } = await get(api, `/data-products/ordering.sales/queries/sales-by-state?${query}`);
      expect(status, query).toBe(400);
      expect(json.errors, query).toEqual([expect.objectContaining({ location: 'query', path, message: expect.stringContaining(message) })]);
    }
  });

  it('refuses a personal field by construction: it is not a parameter nor a grouping, and not in any output', async () => {
    const grouped = await get(api, '/data-products/ordering.sales/queries/sales-by-state?groupBy=customer_key');
    expect(grouped.status).toBe(400);
    const filtered = await get(api, '/data-products/ordering.sales/queries/sales-by-state?customerId=cus_carlos');
    expect(filtered.status).toBe(400);
    expect(filtered.json.errors[0]).toMatchObject({ location: 'query', message: expect.stringContaining('customerId') });
    const sql = await get(api, `/data-products/ordering.sales/queries/sales-by-state?sql=${encodeURIComponent('SELECT * FROM sales')}`);
    expect(sql.status).toBe(400);
  });

  it('answers 503 while the analytical worker has not built the product', async () => {
    const { status, json } = await get(empty, '/data-products/ordering.sales/queries/sales-by-state');
    expect(status).toBe(503);
    expect(json.type).toBe('/problems/data-product-not-built');
    expect((await get(empty, '/data-products/ordering.sales')).json.status.health).toBe('not-built');
  });

  it('follows new sales as the worker exports them', async () => {
    await appendConfirmedOrder(stack.store, { orderId: 'api-3', customer: 'Pritha', state: 'CA', dollars: 1000, at: noonDaysAgo(3) });
    const { json } = await eventually(() => get(api, `/data-products/ordering.sales/queries/sales-by-state?from=${day}&to=${day}`), (r) => r.json.rows?.length === 3);
    expect(json.rows.map((r: LooseJson) => r.state)).toEqual(['AZ', 'CA', 'NY']);
  });
});
