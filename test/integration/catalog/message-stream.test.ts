import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import { EventStore } from '../../../shared/platform/event-store';
import { LiveFeed } from '../../../shared/platform/messaging/live-feed';
import { liveFeedSubscriber } from '../../../shared/platform/messaging/live-feed-subscriber';
import { MessageTranslator } from '../../../shared/platform/messaging/message-translator';
import type { PublicWireMessage } from '../../../shared/platform/messaging/public-message';
import { OutboxRelay } from '../../../shared/platform/outbox';
import { openSse, type SseConnection } from '../../support/sse-client';
import { uniqueSku } from '../../support/orders';
import { FAST_RELAY } from '../event-store/relay-test-kit';

let api: ApiHarness;
let relay: OutboxRelay;
beforeAll(async () => {
  api = await startApiHarness();
  const db = api.deps.mongo.db;
  const store = new EventStore(db);
  await store.ensureIndexes();
  const feed = new LiveFeed(db);
  await feed.ensureCollection();
  relay = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [liveFeedSubscriber(new MessageTranslator(publicMessageCatalogue, store), feed)] });
  relay.start();
});
afterAll(async () => {
  await relay?.stop();
  await api?.close();
});

const STOCK = 'inventory.stock-level-changed';
const stream = (query: string, headers: Record<string, string> = {}) =>
  openSse(`${api.baseUrl}/messages/stream${query}`, { authorization: `Bearer ${TEST_KEYS.queries}`, ...headers });
const receive = (sku: string, quantity: number) =>
  api.request('POST', `/inventory/${sku}/receipts`, { key: TEST_KEYS.commands, body: { quantity } }).then((r) => expect(r.status).toBe(201));

async function take(connection: SseConnection, n: number): Promise<{ id: string; message: PublicWireMessage }[]> {
  const out = [];
  for (let i = 0; i < n; i += 1) {
    const e = await connection.next();
    out.push({ id: e.id as string, message: JSON.parse(e.data) as PublicWireMessage });
  }
  return out;
}

describe('GET /messages/stream (server-sent events)', () => {
  it('needs the queries scope and refuses unknown types with the list of what is available', async () => {
    expect((await stream('', { authorization: `Bearer ${TEST_KEYS.commands}` })).status).toBe(403);
    const res = await api.request('GET', '/messages/stream?type=stock-received', { key: TEST_KEYS.queries });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await res.json())).toContain(STOCK);
    expect((await api.request('GET', '/messages/stream', { key: TEST_KEYS.queries, headers: { 'last-event-id': 'no-such-message' } })).status).toBe(410);
  });

  it('delivers messages in order per stream and resumes after a reconnect with Last-Event-ID without gaps or duplicates', async () => {
    const [a, b] = [uniqueSku('sse-a'), uniqueSku('sse-b')];
    const first = await stream(`?type=${STOCK}`);
    expect(first.status).toBe(200);
    for (let i = 1; i <= 3; i += 1) await Promise.all([receive(a, i), receive(b, 10 * i)]);
    const before = await take(first, 4);
    first.close();
    for (let i = 4; i <= 6; i += 1) await Promise.all([receive(a, i), receive(b, 10 * i)]);

    const resumed = await stream(`?type=${STOCK}`, { 'last-event-id': before.at(-1)!.id });
    expect(resumed.status).toBe(200);
    const after = await take(resumed, 8);
    resumed.close();

    const all = [...before, ...after];
    expect(new Set(all.map((m) => m.id)).size).toBe(12);
    expect(all.every((m) => m.message.type === STOCK && m.message.kind === 'state-transfer' && m.id === m.message['event-id'])).toBe(true);
    for (const sku of [a, b]) {
      const versions = all.filter((m) => m.message['stream-id'] === `stock-${sku}`).map((m) => m.message.version);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    }
    const lastOfA = all.filter((m) => m.message['stream-id'] === `stock-${a}`).at(-1)!.message.payload;
    expect(lastOfA).toEqual({ sku: a, onHand: 21, reserved: 0, available: 21 });
  });

  it('a reader without Last-Event-ID gets what is published after it connected', async () => {
    const sku = uniqueSku('sse-new');
    const everything = await stream('');
    await receive(sku, 5);
    const [event] = await take(everything, 1);
    everything.close();
    expect(event!.message).toMatchObject({ type: STOCK, 'stream-id': `stock-${sku}`, version: 1, 'schema-version': 1, payload: { sku, available: 5 } });
  });
});
