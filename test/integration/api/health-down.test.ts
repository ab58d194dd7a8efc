import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { freePort } from '../../support/free-port';
import { orderBody } from '../../support/orders';
import { startFerretDb, startFerretDbOnPort, type RunningServer } from '../../support/servers';

describe('health when a dependency is down', () => {
  let ferret: RunningServer & { port: number };
  let api: ApiHarness;
  beforeAll(async () => {
    ferret = await startFerretDb();
    api = await startApiHarness({ MONGODB_URI: ferret.address });
  });
  afterAll(async () => {
    await api?.close();
    await ferret?.stop();
  });

  it('turns 503 with a reason when MongoDB stops, and 200 when it returns', async () => {
    expect((await api.request('GET', '/health')).status).toBe(200);

    await ferret.stop();
    const down = await api.request('GET', '/health');
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = await readJson(down);
    expect(body).toMatchObject({ type: '/problems/dependency-unavailable', status: 'down', detail: 'MongoDB unreachable' });
    expect(body.temporal).toEqual({ status: 'up' });
    // The public answer names no internal address; the reason is behind the admin scope.
    expect(body.mongodb).toEqual({ status: 'down' });
    expect(JSON.stringify(body)).not.toContain('127.0.0.1');
    expect((await api.request('GET', '/health/details')).status).toBe(401);
    const details = await readJson(await api.request('GET', '/health/details', { key: TEST_KEYS.admin }));
    expect(details.mongodb.status).toBe('down');
    expect(details.mongodb.detail).toMatch(/\S/);

    // Same port, so the API's URI stays valid.
    ferret = await startFerretDbOnPort(ferret.port);
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      status = (await api.request('GET', '/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
  });

  it('reports Temporal down when it cannot be reached', async () => {
    const nobody = await startApiHarness({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    try {
      const res = await nobody.request('GET', '/health');
      expect(res.status).toBe(503);
      const body = await readJson(res);
      expect(body.detail).toBe('Temporal unreachable');
      expect(body.temporal).toEqual({ status: 'down' });
      expect(body.mongodb).toEqual({ status: 'up' });

      // Commands and queries that need Temporal answer 503 with Retry-After, not 500.
      for (const res of [
        await nobody.request('POST', '/orders', { key: TEST_KEYS.commands, body: orderBody({ lines: [{ sku: 'WIDGET', quantity: 1, unitPriceCents: 100 }] }) }),
        await nobody.request('GET', '/orders/ord_nowhere/saga', { key: TEST_KEYS.queries }),
      ]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await readJson(res)).toMatchObject({ type: '/problems/dependency-unavailable', detail: expect.stringContaining('Temporal is unreachable') });
      }
    } finally {
      await nobody.close();
    }
  });
});
