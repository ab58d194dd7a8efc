import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets, knownSecrets } from '../../support/log-secrets';
import { CARDS, orderBody } from '../../support/orders';
import { platformEnv, startPlatformProcess, type PlatformEnv, type PlatformProcess } from '../../support/platform-processes';

let env: PlatformEnv;
let api: PlatformProcess;
let relay: PlatformProcess;

beforeAll(async () => {
  const base = platformEnv(randomUUID().slice(0, 8));
  // A local receiver that is never up: the relay's failed deliveries are logged too.
  env = { ...base, env: { ...base.env, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } };
  // Debug level: the most a production process could be asked to write.
  api = await startPlatformProcess('secrets-api', 'api/server.ts', env, 'PORT', { LOG_LEVEL: 'debug' });
  relay = await startPlatformProcess('secrets-relay', 'workers/webhook-relay.ts', env, 'RELAY_METRICS_PORT', { LOG_LEVEL: 'debug' });
});
afterAll(async () => {
  await relay?.stop();
  await api?.stop();
});

describe('process logs hold no secret', () => {
  it('after requests with API keys, card numbers, a webhook secret and a metrics token, neither log has any of them', async () => {
    const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${env.apiKey}`, 'x-correlation-id': correlationId, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const correlationId = `secrets-${randomUUID().slice(0, 8)}`;
    const placed = await call('POST', '/orders', orderBody({ card: CARDS.ok, lines: [{ sku: 'SECRET-1', quantity: 1, unitPriceCents: 100 }] }));
    expect(placed.status).toBe(202);
    // A card number in a refused body and in a query string, an API key in a header of its own.
    expect((await call('POST', '/orders', { ...orderBody({ card: CARDS.declined }), lines: 'not a list' })).status).toBe(400);
    await call('GET', `/orders?card=${CARDS.flaky}`, undefined, { 'x-api-key': env.apiKey });
    expect((await call('GET', '/health/details', undefined, { authorization: 'Bearer wrong-key-0123456789-abcdef' })).status).toBe(401);
    const created = await call('POST', '/webhooks', { name: `logged-${correlationId}`, url: 'http://127.0.0.1:9/hook', messages: [{ type: 'inventory.stock-level-changed', version: 1 }] });
    expect(created.status, await created.clone().text()).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect((await fetch(`${relay.url}/metrics`, { headers: { authorization: `Bearer ${env.metricsToken}` } })).status).toBe(200);
    // Let the relay load the new subscription (it decrypts the secret) and log it.
    const relayLog = () => readFileSync(relay.logFile, 'utf8');
    while (!relayLog().includes(`logged-${correlationId}`)) await new Promise((r) => setTimeout(r, 250));

    await api.stop();
    await relay.stop();
    const apiLog = readFileSync(api.logFile, 'utf8');
    // The requests were logged (with their correlation id), just without what is secret in them.
    expect(apiLog).toContain(correlationId);
    const secrets = [...knownSecrets(), env.apiKey, env.metricsToken, secret, CARDS.ok, CARDS.declined, CARDS.flaky];
    expect(findSecrets(apiLog, api.logFile, secrets)).toEqual([]);
    expect(findSecrets(relayLog(), relay.logFile, secrets)).toEqual([]);
  });

  it('the scanner finds each kind of secret it looks for', () => {
    const line = (s: string) => JSON.stringify({ level: 30, time: 1764694636123, msg: s });
    const text = [line(`card ${CARDS.ok}`), line('secret whsec_abcdefghijklmnop'), line(`key ${env.apiKey}`), line('nothing here 1234567890123'), line('trace id ab4242424242424242cd is no card')].join('\n');
    expect(findSecrets(text, "sample", [env.apiKey]).map((f) => `${f.line} ${f.kind}`)).toEqual(["1 card number", "2 webhook secret", "3 known test secret", "3 process-test API key"]);
  });
});
