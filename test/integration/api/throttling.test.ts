import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness({ API_AUTH_FAILURE_LIMIT: '5', API_RATE_LIMIT_PER_KEY: '10', API_RATE_WINDOW_MS: '60000' });
});
afterAll(async () => { await api.close(); });

async function statuses(n: number, send: () => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}

describe('throttling', () => {
  it('refuses an address with 429 and Retry-After once it has sent too many wrong keys, and still serves valid keys from it', async () => {
    expect(await statuses(5, () => api.request('GET', '/leads', { key: 'a-guessed-key-0000000001' }))).toEqual([401, 401, 401, 401, 401]);
    const refused = await api.request('GET', '/leads', { key: 'a-guessed-key-0000000002' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await readJson(refused)).toMatchObject({ type: '/problems/too-many-failed-authentications', status: 429 });
    // No key at all counts as a failure too; a valid key does not, and is served.
    expect((await api.request('GET', '/leads')).status).toBe(429);
    expect((await api.request('GET', '/leads', { key: TEST_KEYS.all })).status).toBe(200);
    // Public routes are not behind the limit.
    expect((await api.request('GET', '/openapi.json')).status).toBe(200);
  });

  it('limits the requests of one key per window with 429 and Retry-After, leaving other keys alone', async () => {
    expect(await statuses(10, () => api.request('GET', '/leads', { key: TEST_KEYS.queries }))).toEqual(Array(10).fill(200));
    const limited = await api.request('GET', '/leads', { key: TEST_KEYS.queries });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await readJson(limited)).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect((await api.request('GET', '/leads', { key: TEST_KEYS.admin })).status).toBe(403);
    expect((await api.request('GET', '/projections', { key: TEST_KEYS.admin })).status).toBe(200);
  });
});
