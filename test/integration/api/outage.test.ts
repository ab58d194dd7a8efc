import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { orderStreamId } from '../../../shared/domain/ordering/order/order-stream';
import { stockStreamId } from '../../../shared/domain/inventory/stock/stock-stream';
import { CARD_VAULT_COLLECTION } from '../../../shared/adapters/card-vault';
import type { EventStore } from '../../../shared/platform/event-store';
import { startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { freePort } from '../../support/free-port';
import { orderBody, receiveStock, uniqueSku } from '../../support/orders';
import { startFerretDbOnPort, type RunningServer } from '../../support/servers';
import { startTestWorker } from '../../support/test-worker';

/**
 * FerretDB stops while commands and queries run. Every answer must be a success or a 503
 * problem with Retry-After (never a 500); once it is back, each command is retried with its
 * idempotency key (the orderId; the Idempotency-Key header) and took effect exactly once.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'outage-ferretdb-'));
let ferret: RunningServer & { port: number };
let api: ApiHarness;
let worker: { stop: () => Promise<void> };
let store: EventStore;

beforeAll(async () => {
  ferret = await startFerretDbOnPort(await freePort(), dataDir);
  api = await startApiHarness({ MONGODB_URI: ferret.address });
  const deps = localActivityDeps(api.deps.mongo.db, api.deps.dataKeys);
  await deps.eventStore.ensureIndexes();
  store = deps.eventStore;
  worker = await startTestWorker(api.config.temporal.taskQueue, deps);
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await ferret?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Command {
  readonly what: string;
  send(): Promise<Response>;
}

interface Answer {
  readonly what: string;
  readonly status: number;
  readonly retryAfter: string | null;
  readonly contentType: string | null;
  readonly type: string | undefined;
}

async function answer(what: string, res: Response): Promise<Answer> {
  const text = await res.text();
  const type = res.status >= 400 ? (JSON.parse(text) as { type?: string }).type : undefined;
  return { what, status: res.status, retryAfter: res.headers.get('retry-after'), contentType: res.headers.get('content-type'), type };
}

describe('a MongoDB outage while commands and queries run', () => {
  it('answers only 503 with Retry-After, and every command retried with its key took effect once', async () => {
    const sku = uniqueSku('outage');
    await receiveStock(api, sku, 1_000);
    const before = orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 500 }] });
    expect((await api.request('POST', '/orders', { key: TEST_KEYS.commands, body: before })).status).toBe(202);

    const commands: Command[] = [];
    const answers: Answer[] = [];
    const send = async (what: string, request: () => Promise<Response>) => { answers.push(await answer(what, await request())); };
    let phase: 'before' | 'down' | 'after' = 'before';
    let running = true;

    const traffic = async (lane: number) => {
      for (let i = 0; running; i++) {
        const order = orderBody({ orderId: `ord_out_${lane}_${i}`, lines: [{ sku, quantity: 1, unitPriceCents: 500 }] });
        const receiptKey = `receipt-${lane}-${i}`;
        const placeOrder: Command = { what: `order ${order.orderId}`, send: () => api.request('POST', '/orders', { key: TEST_KEYS.commands, body: order }) };
        const receive: Command = {
          what: `receipt ${receiptKey}`,
          send: () => api.request('POST', `/inventory/${sku}/receipts`, { key: TEST_KEYS.commands, body: { quantity: 1 }, headers: { 'idempotency-key': receiptKey } }),
        };
        commands.push(placeOrder, receive);
        await Promise.all([
          send(placeOrder.what, placeOrder.send),
          send(receive.what, receive.send),
          send('GET /orders/{id}/saga', () => api.request('GET', `/orders/${before.orderId}/saga`, { key: TEST_KEYS.queries })),
          send('GET /leads', () => api.request('GET', '/leads', { key: TEST_KEYS.queries })),
          send('GET /projections', () => api.request('GET', '/projections', { key: TEST_KEYS.queries })),
          send('GET /dead-letters', () => api.request('GET', '/dead-letters', { key: TEST_KEYS.admin })),
        ]);
        if (phase === 'after' && answers.slice(-6).every((a) => a.status < 500)) return;
      }
    };
    const lanes = [traffic(0), traffic(1)];

    while (answers.length < 12) await new Promise((r) => setTimeout(r, 50));
    await ferret.stop();
    phase = 'down';
    const downAt = answers.length;
    while (answers.length < downAt + 24) await new Promise((r) => setTimeout(r, 50));
    ferret = await startFerretDbOnPort(ferret.port, dataDir);
    phase = 'after';
    await Promise.all(lanes);
    running = false;

    // Only successes and 503 problems with Retry-After, never a 500; and the outage was seen.
    const failures = answers.filter((a) => a.status >= 300);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.filter((a) => a.status !== 503)).toEqual([]);
    for (const f of failures) {
      expect(f.retryAfter, f.what).toMatch(/^\d+$/);
      expect(f.contentType, f.what).toMatch(/^application\/problem\+json/);
      expect(f.type, f.what).toBe('/problems/dependency-unavailable');
    }
    expect(answers.filter((a) => a.status < 300).length).toBeGreaterThan(0);
    for (const kind of ['order ', 'receipt ', 'GET /orders/{id}/saga', 'GET /leads', 'GET /projections']) {
      expect(failures.some((f) => f.what.startsWith(kind)), `a 503 for ${kind}`).toBe(true);
    }

    // Retry every command with its key until it is answered (some may meet the tail of the outage).
    for (const command of commands) {
      for (;;) {
        const res = await command.send();
        await res.text();
        if (res.status < 300) break;
        expect(res.status, command.what).toBe(503);
        await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 100));
      }
    }

    const orderIds = [before.orderId, ...commands.filter((c) => c.what.startsWith('order ')).map((c) => c.what.slice('order '.length))];
    for (const orderId of orderIds) {
      // The saga places the order as its first step (retried by Temporal through the outage).
      for (;;) {
        const types = (await store.readStream(orderStreamId(orderId))).map((e) => e.type);
        if (types.includes('order-placed')) {
          expect(types.filter((t) => t === 'order-placed'), orderId).toHaveLength(1);
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      const described = await api.deps.temporal.client.workflow.getHandle(`order-${orderId}`).describe();
      expect(described.runId).toMatch(/\S/);
    }
    const receipts = commands.filter((c) => c.what.startsWith('receipt ')).length;
    const received = (await store.readStream(stockStreamId(sku))).filter((e) => e.type === 'stock-received');
    expect(received).toHaveLength(receipts + 1);
    expect(await api.deps.mongo.db.collection(CARD_VAULT_COLLECTION).countDocuments({})).toBe(1);
  });
});
