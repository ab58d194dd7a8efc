import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';

let api: ApiHarness;
beforeAll(async () => { api = await startApiHarness(); });
afterAll(async () => { await api.close(); });

describe('requests the contract does not allow', () => {
  it('refuses nested $-prefixed and dotted keys with 400 instead of dropping them', async () => {
    const put = await api.request('PUT', '/customers/cus_nested', {
      key: TEST_KEYS.commands,
      body: { name: { firstName: 'Ada', lastName: 'Lovelace' }, email: 'ada@example.com', shippingAddress: { $where: 'sleep(1000)', 'a.b': 1 } },
    });
    expect(put.status).toBe(400);
    const problem = await readJson(put);
    expect(problem.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ location: 'body', path: 'shippingAddress.$where', message: 'keys may not start with $ or contain a dot' }),
      expect.objectContaining({ location: 'body', path: 'shippingAddress.a.b' }),
    ]));
  });

  it('answers an undeclared method with 405 and Allow, and OPTIONS with every method of the path', async () => {
    const res = await api.request('DELETE', '/orders', { key: TEST_KEYS.all });
    expect(res.status).toBe(405);
    // GET lists orders (by saga status), POST places one.
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await readJson(res)).type).toBe('/problems/method-not-allowed');
    // PUT and PATCH are command routes, GET a query route: one answer lists all of them.
    const options = await api.request('OPTIONS', '/customers/cus_1');
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS, PATCH, PUT');
    expect((await api.request('POST', '/health')).status).toBe(405);
    expect((await api.request('GET', '/no-such-path')).status).toBe(404);
  });

  it('answers a JSON body sent without Content-Type: application/json with 415', async () => {
    const send = (headers: Record<string, string>) =>
      fetch(`${api.baseUrl}/inventory/WIDGET/receipts`, { method: 'POST', headers: { authorization: `Bearer ${TEST_KEYS.commands}`, ...headers }, body: new TextEncoder().encode('{"quantity":1}') });
    for (const res of [await send({}), await send({ 'content-type': 'text/plain' })]) {
      expect(res.status).toBe(415);
      expect((await readJson(res)).type).toBe('/problems/unsupported-media-type');
    }
  });

  it('refuses a missing body where one is required, and takes none where every field has a default', async () => {
    const missing = await api.request('POST', '/inventory/WIDGET/receipts', { key: TEST_KEYS.commands });
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).errors).toEqual([expect.objectContaining({ location: 'body', path: '(root)' })]);
    const doc = await readJson(await api.request('GET', '/openapi.json'));
    expect(doc.paths['/smoke'].post.requestBody.required).toBe(false);
    expect(doc.paths['/inventory/{sku}/receipts'].post.requestBody.required).toBe(true);
  });

  it('refuses a query parameter given without a value', async () => {
    const res = await api.request('GET', '/leads?offset=', { key: TEST_KEYS.queries });
    expect(res.status).toBe(400);
    expect((await readJson(res)).errors).toEqual([expect.objectContaining({ location: 'query', path: 'offset', message: expect.stringContaining('must not be empty') })]);
    expect((await api.request('GET', '/leads?offset=0', { key: TEST_KEYS.queries })).status).toBe(200);
  });

  it('does not echo the query string in problem documents', async () => {
    const res = await api.request('GET', `/leads?api_key=${TEST_KEYS.queries}`, { key: TEST_KEYS.queries });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).not.toContain(TEST_KEYS.queries);
    expect(JSON.parse(body).instance).toBe('/leads');
  });
});
