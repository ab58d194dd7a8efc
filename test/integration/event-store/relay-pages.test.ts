import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import { OutboxRelay } from '../../../shared/platform/outbox/outbox-relay';
import { useTestDatabase } from '../../support/mongo';
import { FAST_RELAY, recorder } from './relay-test-kit';

const { db } = await useTestDatabase('es_relay_pages');
const store = new EventStore(db);
await store.ensureIndexes();
/** Pages are under test, not leases: a poll that delivers 40 streams on a loaded machine must not outlast FAST_RELAY's 300 ms lease and leave some for the next poll. */
const PAGING_RELAY = { ...FAST_RELAY, leaseMs: 30_000 };

async function commits(from: number, to: number): Promise<void> {
  for (let n = from; n < to; n += 1) await store.append(`page-${n}`, 0, [{ type: 'thing-happened', payload: { n } }], { correlationId: 'c' });
}

describe('relay pages on a backlog', () => {
  it('reads twice as much per poll while polls come back full, up to maxBatchSize, and a page again once one is not', async () => {
    const all = recorder('paged');
    const relay = new OutboxRelay(db, { ...PAGING_RELAY, subscribers: [all.subscriber], batchSize: 10, maxBatchSize: 40 });
    await commits(0, 70);
    const fannedOut: number[] = [];
    for (let poll = 0; poll < 4; poll += 1) fannedOut.push((await relay.runOnce()).fannedOut);
    await commits(70, 85);
    for (let poll = 0; poll < 3; poll += 1) fannedOut.push((await relay.runOnce()).fannedOut);

    expect(fannedOut).toEqual([10, 20, 40, 0, 10, 5, 0]);
    expect(new Set(all.received.map((e) => e.streamId)).size).toBe(85);
    expect(all.received).toHaveLength(85);
  });

  it('keeps fixed pages without maxBatchSize', async () => {
    const all = recorder('fixed');
    const relay = new OutboxRelay(db, { ...PAGING_RELAY, subscribers: [all.subscriber], batchSize: 10 });
    await commits(100, 125);
    const fannedOut: number[] = [];
    for (let poll = 0; poll < 4; poll += 1) fannedOut.push((await relay.runOnce()).fannedOut);
    expect(fannedOut).toEqual([10, 10, 5, 0]);
  });
});
