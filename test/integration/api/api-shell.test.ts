import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';

let api: ApiHarness;
beforeAll(async () => { api = await startApiHarness({ API_BODY_LIMIT: '2kb' }); });
afterAll(async () => { await api.close(); });

describe('authentication', () => {
  it('answers 401 problem+json without a key', async () => {
    const res = await api.request('POST', '/smoke', { body: {} });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(await readJson(res)).toMatchObject({ type: '/problems/unauthenticated', status: 401, instance: '/smoke' });
  });

  it('answers 401 for a wrong key', async () => {
    const res = await api.request('POST', '/smoke', { key: 'not-a-key-of-this-api', body: {} });
    expect(res.status).toBe(401);
    expect((await readJson(res)).detail).toBe('the API key is not valid');
  });

  it('answers 403 when the key lacks the scope', async () => {
    const res = await api.request('POST', '/smoke', { key: TEST_KEYS.queries, body: {} });
    expect(res.status).toBe(403);
    expect(await readJson(res)).toMatchObject({ type: '/problems/forbidden', detail: "this operation needs the 'commands' scope" });
  });

  it('guards /metrics with the admin scope', async () => {
    expect((await api.request('GET', '/metrics', { key: TEST_KEYS.commands })).status).toBe(403);
    const res = await api.request('GET', '/metrics', { key: TEST_KEYS.admin });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('http_request_duration_seconds');
  });
});

describe('errors as RFC 9457 problem documents', () => {
  it('gives field-level detail for validation failures', async () => {
    const res = await api.request('POST', '/smoke', { key: TEST_KEYS.commands, body: { note: 42, extra: true } });
    expect(res.status).toBe(400);
    const problem = await readJson(res);
    expect(problem).toMatchObject({ type: '/problems/validation-error', status: 400 });
    expect(problem.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ location: 'body', path: 'note' }),
      expect.objectContaining({ location: 'body', message: expect.stringContaining('extra') }),
    ]));
  });

  it('answers malformed JSON with 400', async () => {
    const res = await api.request('POST', '/smoke', { key: TEST_KEYS.commands, body: '{"note":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect((await readJson(res)).type).toBe('/problems/malformed-json');
  });

  it('enforces the JSON body size limit with 413', async () => {
    const res = await api.request('POST', '/smoke', { key: TEST_KEYS.commands, body: { note: 'x'.repeat(5_000) } });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers an unknown route with 404', async () => {
    const res = await api.request('GET', '/no-such-thing');
    expect(res.status).toBe(404);
    expect((await readJson(res)).type).toBe('/problems/not-found');
  });
});

describe('correlation ids', () => {
  it('echoes an incoming X-Correlation-Id, also on errors', async () => {
    const res = await api.request('POST', '/smoke', { body: {}, headers: { 'x-correlation-id': 'req-123' } });
    expect(res.headers.get('x-correlation-id')).toBe('req-123');
    expect((await readJson(res)).correlationId).toBe('req-123');
  });

  it('generates one when absent or unsafe', async () => {
    const a = await api.request('GET', '/health');
    const b = await api.request('GET', '/health', { headers: { 'x-correlation-id': '$where: 1; drop' } });
    for (const res of [a, b]) expect(res.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get('x-correlation-id')).not.toBe(b.headers.get('x-correlation-id'));
  });
});

describe('security headers and OpenAPI', () => {
  it('sets security headers and hides the framework', async () => {
    const res = await api.request('GET', '/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = await readJson(await api.request('GET', '/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/smoke'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SmokeRequest' });
    expect(doc.paths['/smoke'].post.security).toEqual([{ apiKey: ['commands'] }]);
    expect(doc.paths['/health'].get.security).toBeUndefined();
  });
});

describe('health', () => {
  it('reports both dependencies up with 200', async () => {
    const res = await api.request('GET', '/health');
    expect(await readJson(res)).toEqual({ status: 'up', temporal: { status: 'up' }, mongodb: { status: 'up' } });
    expect(res.status).toBe(200);
  });
});
