import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { DeadLetters } from '../../../shared/platform/outbox/dead-letters';
import { DeliveryRecords } from '../../../shared/platform/outbox/delivery-records';
import { Leases } from '../../../shared/platform/outbox/lease';
import { DURABLE_EVERY_VERSIONS } from '../../../shared/platform/outbox/leader-checkpoints';
import { OutboxRelay } from '../../../shared/platform/outbox/outbox-relay';
import type { OutboxRelayOptions } from '../../../shared/platform/outbox/relay-options';
import type { BatchSubscriber, StreamEvents } from '../../../shared/platform/outbox/subscriber';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('rs_batch');
const store = new EventStore(db);
await store.ensureIndexes();
const opts = { correlationId: 'c' };
const ev = (type: string, n: number) => ({ type, payload: { n } });

const FAST: Omit<OutboxRelayOptions, 'subscribers'> = {
  leaseMs: 1_000,
  leaseGraceMs: 20,
  minLeaseLeftMs: 200,
  pollIntervalMs: 10,
  backoff: { baseMs: 5, maxMs: 20 },
  missingCommitRecheck: { baseMs: 5, maxMs: 20 },
};

/** A batch subscriber that records every hand-over; `refuse` makes it stop a stream at an event. */
function batchRecorder(name: string, refuse?: (e: EventEnvelope) => boolean) {
  const received: EventEnvelope[] = [];
  const batches: StreamEvents[][] = [];
  const subscriber: BatchSubscriber = {
    name,
    handle: () => Promise.reject(new Error('a batch subscriber gets batches')),
    handleBatch: async (streams) => {
      batches.push([...streams]);
      return streams.map((s) => {
        const stop = s.events.findIndex((e) => refuse?.(e) ?? false);
        const taken = stop < 0 ? s.events : s.events.slice(0, stop);
        received.push(...taken);
        return stop < 0 ? { streamId: s.streamId, delivered: taken.length } : { streamId: s.streamId, delivered: taken.length, error: new Error(`refused v${s.events[stop]?.version ?? '?'}`) };
      });
    },
  };
  const versionsOf = (streamId: string) => received.filter((e) => e.streamId === streamId).map((e) => e.version);
  return { subscriber, received, batches, versionsOf };
}

async function until(relays: readonly OutboxRelay[], done: () => boolean | Promise<boolean>): Promise<void> {
  for (;;) {
    for (const relay of relays) await relay.runOnce();
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('leases for many streams', () => {
  it('acquires free keys with one insert, leaves held ones alone, renews and releases in one command', async () => {
    const leases = new Leases(db, { graceMs: 20 });
    const held = await leases.acquire('many|b', 5_000, 'other');
    const mine = await leases.acquireMany(['many|a', 'many|b', 'many|c'], 5_000, 'me');
    expect([...mine.keys()].sort()).toEqual(['many|a', 'many|c']);
    const renewed = await leases.renew(mine.get('many|a')!, 60_000);
    expect(renewed && renewed.expiresAt.getTime()).toBeGreaterThan(mine.get('many|a')!.expiresAt.getTime());
    await leases.releaseMany([...mine.values()]);
    expect((await leases.acquireMany(['many|a', 'many|b', 'many|c'], 5_000, 'third')).size).toBe(2);
    await leases.release(held!);
  });
});

describe('outbox relay with a batch subscriber', () => {
  it('hands every claimed stream of a poll over at once, each stream in version order', async () => {
    const r = batchRecorder('batch-all');
    const relay = new OutboxRelay(db, { ...FAST, subscribers: [r.subscriber] });
    for (let i = 0; i < 6; i += 1) await store.append(`b-order-${i}`, 0, [ev('order-placed', 1), ev('order-confirmed', 2)], opts);
    await store.append('b-order-0', 2, [ev('order-cancelled', 3)], opts);
    await until([relay], () => r.received.length >= 13);
    expect(r.versionsOf('b-order-0')).toEqual([1, 2, 3]);
    for (let i = 1; i < 6; i += 1) expect(r.versionsOf(`b-order-${i}`)).toEqual([1, 2]);
    expect(Math.max(...r.batches.map((b) => b.length))).toBeGreaterThan(1);
    await relay.stop();
  });

  it('is delivered by one relay at a time; a standby takes over when the leader stops, missing nothing', async () => {
    const log: EventEnvelope[] = [];
    const a = batchRecorder('batch-lead');
    const b = batchRecorder('batch-lead');
    const relayA = new OutboxRelay(db, { ...FAST, subscribers: [a.subscriber] });
    const relayB = new OutboxRelay(db, { ...FAST, subscribers: [b.subscriber] });
    await store.append('lead-stream', 0, [ev('x-happened', 1)], opts);
    await until([relayA, relayB], () => a.received.length + b.received.length >= 1);
    const [leader, standby] = a.received.length > 0 ? [relayA, relayB] : [relayB, relayA];
    for (let v = 1; v <= 3; v += 1) await store.append('lead-stream', v, [ev('x-happened', v + 1)], opts);
    await until([leader, standby], () => a.received.length + b.received.length >= 4);
    expect(standby === relayA ? a.received : b.received).toEqual([]);

    await leader.stop();
    for (let v = 4; v <= 6; v += 1) await store.append('lead-stream', v, [ev('x-happened', v + 1)], opts);
    await until([standby], () => a.received.length + b.received.length >= 7);
    log.push(...a.received, ...b.received);
    expect(log.filter((e) => e.streamId === 'lead-stream').map((e) => e.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await standby.stop();
  });

  it('keeps checkpoints in memory, stores them every few versions and when it stops; a new leader walks again only what was not stored', async () => {
    const r = batchRecorder('batch-durable');
    const records = new DeliveryRecords(db);
    const relay = new OutboxRelay(db, { ...FAST, subscribers: [r.subscriber] });
    const events = DURABLE_EVERY_VERSIONS + 3;
    for (let v = 0; v < events; v += 1) {
      await store.append('durable-stream', v, [ev('x-happened', v + 1)], opts);
      await relay.runOnce();
    }
    await until([relay], () => r.versionsOf('durable-stream').length >= events);
    await relay.settled();
    const stored = await records.checkpoint('batch-durable', 'durable-stream');
    expect(stored?.version).toBeGreaterThanOrEqual(DURABLE_EVERY_VERSIONS);
    expect(stored?.version).toBeLessThan(events);

    // A leader that vanishes without stopping: its successor hands over the versions stored checkpoints do not cover.
    const successor = batchRecorder('batch-durable');
    await db.collection('outbox_leases').deleteOne({ _id: 'leader|batch-durable' as never });
    const next = new OutboxRelay(db, { ...FAST, subscribers: [successor.subscriber] });
    await store.append('durable-stream', events, [ev('x-happened', events + 1)], opts);
    await until([next], () => successor.versionsOf('durable-stream').includes(events + 1));
    const again = successor.versionsOf('durable-stream');
    expect(again).toEqual(Array.from({ length: events + 1 - (stored?.version ?? 0) }, (_, i) => (stored?.version ?? 0) + i + 1));
    await next.stop();
    expect((await records.checkpoint('batch-durable', 'durable-stream'))?.version).toBe(events + 1);
  });

  it('retries a refused event, dead-letters it after the last attempt, holds the stream behind it, and resumes in order after a re-queue', async () => {
    let healthy = false;
    const r = batchRecorder('batch-flaky', (e) => !healthy && e.streamId === 'flaky-order' && e.version === 2);
    const relay = new OutboxRelay(db, { ...FAST, maxAttempts: 3, subscribers: [r.subscriber] });
    const deadLetters = new DeadLetters(db);
    await store.append('flaky-order', 0, [ev('order-placed', 1), ev('order-confirmed', 2)], opts);
    await store.append('other-order', 0, [ev('order-placed', 1)], opts);

    await until([relay], async () => (await deadLetters.list({ subscriber: 'batch-flaky' })).length === 1);
    const [letter] = await deadLetters.list({ subscriber: 'batch-flaky' });
    expect(letter).toMatchObject({ streamId: 'flaky-order', version: 2, attempts: 3, status: 'parked' });
    expect(letter?.lastError).toContain('refused v2');

    await store.append('flaky-order', 2, [ev('order-shipped', 3)], opts);
    await until([relay], () => r.versionsOf('other-order').length === 1);
    for (let i = 0; i < 5; i += 1) await relay.runOnce();
    expect(r.versionsOf('flaky-order')).toEqual([1]);

    healthy = true;
    expect(await deadLetters.requeue(letter!.id)).toBe('requeued');
    await until([relay], () => r.versionsOf('flaky-order').length === 3);
    expect(r.versionsOf('flaky-order')).toEqual([1, 2, 3]);
    expect((await deadLetters.get(letter!.id))?.status).toBe('resolved');
    await relay.stop();
  });

  it('re-queues only once the stream is parked at that dead letter (the leader takes no stream leases to keep it out)', async () => {
    const deadLetters = new DeadLetters(db);
    const event = { type: 'x-happened', eventId: 'e1', correlationId: 'c', causationId: 'c', streamId: 'half-parked', version: 1, timestamp: new Date(), schemaVersion: 1, payload: {} };
    // A leader died between its two writes: the dead letter says parked, the checkpoint does not yet.
    const id = await deadLetters.park({ subscriber: 'batch-half', streamId: 'half-parked', version: 1, eventId: 'e1', type: 'x-happened', event, attempts: 3, lastError: 'boom' });
    expect(await deadLetters.requeue(id, { attempts: 2, retryDelayMs: 1 })).toBe('busy');
    await new DeliveryRecords(db).saveCheckpoint({
      _id: 'batch-half|half-parked', subscriber: 'batch-half', streamId: 'half-parked', version: 0, cursor: 0, attempts: 3, parked: { deadLetterId: id, version: 1 }, updatedAt: new Date(),
    });
    expect(await deadLetters.requeue(id)).toBe('requeued');
    expect(await db.collection('outbox_deliveries').countDocuments({ _id: `batch-half|half-parked@0#requeue:${id}` as never })).toBe(1);
  });
});
