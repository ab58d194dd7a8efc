import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store';
import type { Projector } from '../../../shared/platform/projections/view-projector';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { uniqueSku } from '../../support/orders';
import { startTestProjector, untilIdle } from './read-side-kit';

let api: ApiHarness;
let projector: Projector;

beforeAll(async () => {
  api = await startApiHarness({ MONGODB_READ_DB: `read_${randomUUID().slice(0, 8)}`, QUERY_CONSISTENCY_TIMEOUT_MS: '3000' });
  await new EventStore(api.deps.mongo.db).ensureIndexes();
  projector = startTestProjector(api.deps.mongo.db, api.deps.mongo.client.db(api.config.mongo.readDbName));
  await projector.start();
  await projector.whenBootstrapped();
});
afterAll(async () => {
  await projector?.stop();
  await api?.deps.mongo.client.db(api.config.mongo.readDbName).dropDatabase().catch(() => undefined);
  await api?.close();
});

const ada = { name: { firstName: 'Ada', lastName: 'Lovelace' }, email: 'Ada@Example.com', phone: '+1 415 555 0100', marketingOptIn: false };

describe('query API', () => {
  it('customer-updated: PUT publishes the full customer, PATCH the changed fields; the view follows by version', async () => {
    const id = `cus_${randomUUID().slice(0, 8)}`;
    const put = await api.request('PUT', `/customers/${id}`, { key: TEST_KEYS.commands, body: ada });
    expect(put.status).toBe(201);
    expect(await readJson(put)).toEqual({ customerId: id, version: 1, changed: true });
    expect(put.headers.get('location')).toBe(`/customers/${id}?minVersion=1`);

    const first = await api.request('GET', `/customers/${id}?minVersion=1`, { key: TEST_KEYS.queries });
    expect(first.status).toBe(200);
    expect(await readJson(first)).toMatchObject({ customerId: id, name: ada.name, email: 'ada@example.com', phone: '+14155550100', version: 1 });

    const patch = await api.request('PATCH', `/customers/${id}`, { key: TEST_KEYS.commands, body: { phone: null, marketingOptIn: true } });
    expect(await readJson(patch)).toEqual({ customerId: id, version: 2, changed: true });
    const second = await readJson(await api.request('GET', `/customers/${id}?minVersion=2`, { key: TEST_KEYS.queries }));
    expect(second).toMatchObject({ version: 2, marketingOptIn: true, email: 'ada@example.com' });
    expect(second).not.toHaveProperty('phone');

    const again = await api.request('PATCH', `/customers/${id}`, { key: TEST_KEYS.commands, body: { marketingOptIn: true } });
    expect(await readJson(again)).toEqual({ customerId: id, version: 2, changed: false });

    const events = await new EventStore(api.deps.mongo.db).readStream(`customer-${id}`);
    expect(events.map((e) => [e.type, (e.payload as { form: string }).form])).toEqual([['customer-updated', 'full'], ['customer-updated', 'changed-fields']]);
  });

  it('answers 404 for what it does not know, and for a change to an unrecorded customer', async () => {
    for (const path of ['/customers/cus_nobody', '/orders/ord_nobody', '/stock/NO-SUCH-SKU']) {
      const res = await api.request('GET', path, { key: TEST_KEYS.queries });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await readJson(res)).toMatchObject({ type: '/problems/not-found', status: 404 });
    }
    const patch = await api.request('PATCH', '/customers/cus_nobody', { key: TEST_KEYS.commands, body: { marketingOptIn: true } });
    expect(patch.status).toBe(404);
    const orders = await readJson(await api.request('GET', '/customers/cus_nobody/orders', { key: TEST_KEYS.queries }));
    expect(orders).toEqual({ customerId: 'cus_nobody', orders: [], nextCursor: null, total: 0 });
  });

  it('read-your-writes: waits for the version a command reported; says "not yet consistent" past the bound', async () => {
    const sku = uniqueSku('ryw');
    const receipt = await readJson(await api.request('POST', `/inventory/${sku}/receipts`, { key: TEST_KEYS.commands, body: { quantity: 7 } }));
    expect(receipt.version).toBe(1);
    const level = await api.request('GET', `/stock/${sku}?minVersion=${receipt.version}`, { key: TEST_KEYS.queries });
    expect(level.status).toBe(200);
    expect(await readJson(level)).toMatchObject({ sku, onHand: 7, reserved: 0, available: 7, version: 1 });

    const ahead = await api.request('GET', `/stock/${sku}?minVersion=2`, { key: TEST_KEYS.queries });
    expect(ahead.status).toBe(409);
    expect(ahead.headers.get('retry-after')).toBe('1');
    expect(await readJson(ahead)).toMatchObject({ type: '/problems/not-yet-consistent', minVersion: 2, currentVersion: 1 });

    const bad = await api.request('GET', `/customers/cus_1/orders?minVersion=3`, { key: TEST_KEYS.queries });
    expect(bad.status).toBe(400);
  });

  it('separates the query side by scope', async () => {
    expect((await api.request('GET', '/stock/ANY-SKU', { key: TEST_KEYS.commands })).status).toBe(403);
    expect((await api.request('GET', '/stock/ANY-SKU')).status).toBe(401);
    expect((await api.request('PUT', '/customers/cus_x', { key: TEST_KEYS.queries, body: ada })).status).toBe(403);
    expect((await api.request('GET', '/projections', { key: TEST_KEYS.queries })).status).toBe(200);
    expect((await api.request('GET', '/projections', { key: TEST_KEYS.admin })).status).toBe(200);
    expect((await api.request('GET', '/projections', { key: TEST_KEYS.commands })).status).toBe(403);
    expect((await api.request('POST', '/projections/stock-levels/rebuild', { key: TEST_KEYS.queries })).status).toBe(403);
  });

  it('rebuilds a view through the API while the old one serves, and reports progress and status', async () => {
    const sku = uniqueSku('rebuild');
    for (let i = 0; i < 3; i += 1) await api.request('POST', `/inventory/${sku}/receipts`, { key: TEST_KEYS.commands, body: { quantity: 2 } });
    const before = await readJson(await api.request('GET', `/stock/${sku}?minVersion=3`, { key: TEST_KEYS.queries }));
    expect(before).toMatchObject({ onHand: 6, version: 3 });

    const started = await api.request('POST', '/projections/stock-levels/rebuild', { key: TEST_KEYS.admin });
    expect(started.status).toBe(202);
    const { jobId } = await readJson(started);
    expect(started.headers.get('location')).toBe(`/projections/stock-levels/rebuild/${jobId}`);
    let job = await readJson(await api.request('GET', `/projections/stock-levels/rebuild/${jobId}`, { key: TEST_KEYS.admin }));
    while (job.status === 'running') {
      expect((await api.request('GET', `/stock/${sku}`, { key: TEST_KEYS.queries })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      job = await readJson(await api.request('GET', `/projections/stock-levels/rebuild/${jobId}`, { key: TEST_KEYS.admin }));
    }
    expect(job).toMatchObject({ status: 'completed', phase: 'switched', progress: 1, stale: false });
    expect(job.eventsApplied).toBeGreaterThanOrEqual(3);
    expect(await readJson(await api.request('GET', `/stock/${sku}`, { key: TEST_KEYS.queries }))).toEqual(before);

    await untilIdle(api.deps.mongo.db);
    const status = await readJson(await api.request('GET', '/projections', { key: TEST_KEYS.queries }));
    const stock = status.views.find((v: { view: string }) => v.view === 'stock-levels');
    expect(stock).toMatchObject({ collection: job.collection, bootstrapped: true, frozen: false, rebuilding: null });
    expect(status.subscriber).toMatchObject({ name: 'projections', backlog: { streams: 0, oldestSeconds: null }, parkedDeadLetters: 0 });
    expect(status.views.map((v: { lagSeconds: number }) => v.lagSeconds)).toEqual(status.views.map(() => 0));
    // Idle with nothing to apply: the lag stays 0 (issue 12), the checkpoint still names the last event applied.
    await new Promise((r) => setTimeout(r, 1_500));
    const later = (await readJson(await api.request('GET', '/projections', { key: TEST_KEYS.queries }))).views.find((v: { view: string }) => v.view === 'stock-levels');
    expect(later.checkpoint).toMatchObject({ streamId: expect.stringMatching(/^stock-/), version: expect.any(Number) });
    expect(later.lagSeconds).toBe(0);
  });

  it('reports lag while events wait, and 0 again once they are applied', async () => {
    await projector.stop();
    const sku = uniqueSku('lag');
    await api.request('POST', `/inventory/${sku}/receipts`, { key: TEST_KEYS.commands, body: { quantity: 1 } });
    await new Promise((r) => setTimeout(r, 1_200));
    const waiting = await readJson(await api.request('GET', '/projections', { key: TEST_KEYS.queries }));
    expect(waiting.views.every((v: { lagSeconds: number }) => v.lagSeconds >= 1)).toBe(true);

    projector = startTestProjector(api.deps.mongo.db, api.deps.mongo.client.db(api.config.mongo.readDbName));
    await projector.start();
    await untilIdle(api.deps.mongo.db);
    const caughtUp = await readJson(await api.request('GET', '/projections', { key: TEST_KEYS.queries }));
    expect(caughtUp.views.map((v: { lagSeconds: number }) => v.lagSeconds)).toEqual(caughtUp.views.map(() => 0));
  });
});
