import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../shared/platform/webhooks/webhook-signature';
import { LIVE_FEED_COLLECTION } from '../../../shared/platform/messaging/live-feed';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { TEST_DATA_KEYS_SPEC } from '../../support/data-keys';
import { freePort } from '../../support/free-port';
import { uniqueSku } from '../../support/orders';
import { processLogFd } from '../../support/platform-processes';

const ROOT = new URL('../../..', import.meta.url).pathname;

interface Received { headers: Record<string, string | string[] | undefined>; body: string }

let api: ApiHarness;
let relay: ChildProcess;
let endpoint: Server;
let metricsPort: number;
const received: Received[] = [];
const METRICS_TOKEN = 'relay-metrics-token-for-tests';

beforeAll(async () => {
  // The receiver listens on loopback, which webhooks may reach only when the allow-list says so.
  api = await startApiHarness({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  endpoint = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { received.push({ headers: req.headers, body }); res.writeHead(204).end(); });
  });
  await new Promise<void>((r) => endpoint.listen(0, '127.0.0.1', r));
  metricsPort = await freePort();
});
afterAll(async () => {
  relay?.kill('SIGTERM');
  endpoint?.close();
  await api?.close();
});

describe('webhook subscriptions through the API, delivered by the relay process', () => {
  it('delivers the subscribed public messages to a URL, signed, in the public envelope, and publishes them to the live feed', async () => {
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hook`;
    const created = await api.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: { name: 'stock-watcher', url, messages: [{ type: 'inventory.stock-level-changed', version: 1 }] } });
    expect(created.status).toBe(201);
    const { secret } = await readJson(created);
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await readJson(await api.request('GET', '/webhooks', { key: TEST_KEYS.admin })))).not.toContain(secret);
    const again = { name: 'stock-watcher', url, messages: [{ type: 'inventory.stock-level-changed', version: 1 }] };
    expect((await api.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: again })).status).toBe(409);
    expect((await api.request('POST', '/webhooks', { key: TEST_KEYS.commands, body: { ...again, name: 'x' } })).status).toBe(403);

    relay = spawn(process.execPath, ['--import', 'tsx', 'workers/webhook-relay.ts'], {
      cwd: ROOT,
      // Its output joins the run's logs (scanned for secrets after the suite).
      stdio: ['ignore', processLogFd('webhook-relay'), processLogFd('webhook-relay')],
      env: {
        ...process.env, LOG_LEVEL: 'warn', MONGODB_URI: api.config.mongo.uri, MONGODB_DB: api.config.mongo.dbName, RELAY_METRICS_PORT: String(metricsPort),
        DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS_SPEC, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', METRICS_TOKEN: METRICS_TOKEN,
      },
    });

    const sku = uniqueSku('hook');
    const receipt = await api.request('POST', `/inventory/${sku}/receipts`, { key: TEST_KEYS.commands, body: { quantity: 7 }, headers: { 'x-correlation-id': 'hook-corr' } });
    expect(receipt.status).toBe(201);

    while (!received.some((r) => r.body.includes(sku))) await new Promise((r) => setTimeout(r, 200));
    const delivery = received.find((r) => r.body.includes(sku));
    if (!delivery) throw new Error('unreachable');
    const timestamp = String(delivery.headers['x-signature-timestamp']);
    expect(verifyWebhookSignature(secret, timestamp, delivery.body, String(delivery.headers['x-signature']))).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', timestamp, delivery.body, String(delivery.headers['x-signature']))).toBe(false);
    const message = JSON.parse(delivery.body) as Record<string, unknown>;
    expect(message).toMatchObject({
      type: 'inventory.stock-level-changed', kind: 'state-transfer', 'stream-id': `stock-${sku}`, version: 1, 'correlation-id': 'hook-corr', 'schema-version': 1,
      payload: { sku, onHand: 7, reserved: 0, available: 7 },
    });
    expect(delivery.headers['x-event-id']).toBe(message['event-id']);
    while (!(await api.deps.mongo.db.collection(LIVE_FEED_COLLECTION).findOne({ _id: message['event-id'] as never }))) await new Promise((r) => setTimeout(r, 200));

    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization: 'Bearer not-the-token-000000' } })).status).toBe(401);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/outbox_messages_delivered_total\{subscriber="webhook:stock-watcher"\} [1-9]/);
  });

  it('lists dead letters and refuses to re-queue an unknown one', async () => {
    const list = await api.request('GET', '/dead-letters?status=all', { key: TEST_KEYS.admin });
    expect(list.status).toBe(200);
    expect(Array.isArray((await readJson(list)).items)).toBe(true);
    const missing = await api.request('POST', '/dead-letters/nope/requeue', { key: TEST_KEYS.admin });
    expect(missing.status).toBe(404);
    expect((await api.request('GET', '/dead-letters', { key: TEST_KEYS.queries })).status).toBe(403);
  });

  it('removes a subscription', async () => {
    expect((await api.request('DELETE', '/webhooks/stock-watcher', { key: TEST_KEYS.admin })).status).toBe(204);
    expect((await api.request('DELETE', '/webhooks/stock-watcher', { key: TEST_KEYS.admin })).status).toBe(404);
  });
});
