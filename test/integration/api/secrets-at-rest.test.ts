import { Writable } from 'node:stream';
import { BSON, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { createLogger } from '../../../shared/platform/observability/logger';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { finalSaga, orderBody, placeOrder, receiveStock, uniqueSku } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';

// The gateway's succeeding test card; this file's database and log see no other card.
const CARD = '4242424242424242';
const logLines: string[] = [];
let api: ApiHarness;
let worker: { stop: () => Promise<void> };

beforeAll(async () => {
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { logLines.push(chunk.toString()); done(); } });
  api = await startApiHarness({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', ORDER_DISPATCH_AFTER: '1 second' }, { logger: createLogger('api', 'debug', sink) });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  worker = await startTestWorker(api.config.temporal.taskQueue, deps);
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

/** Every document of every collection of `db`, as extended JSON text. */
async function dump(db: Db): Promise<string> {
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  const parts = await Promise.all(collections.map(async ({ name }) => `${name}: ${BSON.EJSON.stringify(await db.collection(name).find({}).toArray())}`));
  return parts.join('\n');
}

describe('secrets kept secret', () => {
  it('stores no card number, webhook secret or API key in any collection or log line', async () => {
    const sku = uniqueSku('secret');
    await receiveStock(api, sku, 5);
    const body = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 1500 }], card: CARD });
    for (let i = 0; i < 3; i++) expect([200, 202]).toContain((await placeOrder(api, body)).status); // idempotent repeats
    expect((await finalSaga(api, body.orderId)).status).toBe('COMPLETED');

    const created = await api.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: { name: 'erp', url: 'http://127.0.0.1:9/hook', messages: [{ type: 'ordering.order-confirmed', version: 1 }] } });
    expect(created.status).toBe(201);
    const { secret } = await readJson(created);
    expect(secret).toMatch(/^whsec_/);

    // A key sent in the query string is refused, and neither it nor the header's key reaches the log.
    expect((await api.request('GET', `/leads?api_key=${TEST_KEYS.queries}`, { key: TEST_KEYS.queries })).status).toBe(400);

    const stored = [await dump(api.deps.mongo.db), await dump(api.deps.mongo.client.db(api.config.mongo.readDbName))].join('\n');
    expect(stored).toContain('payment_card_vault');
    expect(stored).toContain('webhook_subscriptions');
    const logs = logLines.join('');
    expect(logs).toContain('/leads');
    for (const text of [stored, logs]) {
      expect(text).not.toContain(CARD);
      expect(text).not.toContain(secret);
      for (const key of Object.values(TEST_KEYS)) expect(text).not.toContain(key);
    }
    // One sealed card for the order however often it was repeated.
    expect(await api.deps.mongo.db.collection('payment_card_vault').countDocuments({})).toBe(1);
  });
});
