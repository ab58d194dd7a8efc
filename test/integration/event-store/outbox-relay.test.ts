import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { DeadLetters } from '../../../shared/platform/outbox/dead-letters';
import { PendingCommits } from '../../../shared/platform/event-store/pending-commits';
import { OutboxRelay } from '../../../shared/platform/outbox/outbox-relay';
import { useTestDatabase } from '../../support/mongo';
import { driveUntil, FAST_RELAY, recorder } from './relay-test-kit';

const { db } = await useTestDatabase('es_relay');
const store = new EventStore(db);
await store.ensureIndexes();
const opts = { correlationId: 'c' };
const ev = (type: string, n: number) => ({ type, payload: { n } });
const count = (name: string) => db.collection(name).countDocuments({});

describe('outbox relay', () => {
  it('delivers every committed event once, in version order, to each subscriber that wants it', async () => {
    const all = recorder('all-events');
    const placedOnly = recorder('placed-only', { types: ['order-placed'] });
    const registry = new Registry();
    const relay = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [all.subscriber, placedOnly.subscriber], registry });
    await store.append('order-10', 0, [ev('order-placed', 1), ev('order-confirmed', 2)], opts);
    await store.append('order-11', 0, [ev('order-placed', 1)], opts);
    await store.append('order-10', 2, [ev('order-cancelled', 3)], opts);

    await driveUntil([relay], () => all.received.length >= 4 && placedOnly.received.length >= 2);
    await relay.runOnce();
    expect(all.versionsOf('order-10')).toEqual([1, 2, 3]);
    expect(all.versionsOf('order-11')).toEqual([1]);
    expect(placedOnly.received.map((e) => [e.streamId, e.type])).toEqual(
      expect.arrayContaining([['order-10', 'order-placed'], ['order-11', 'order-placed']]),
    );
    expect(placedOnly.received).toHaveLength(2);
    expect(await count('outbox_pending')).toBe(0);
    expect(await count('outbox_deliveries')).toBe(0);

    const metrics = await registry.getSingleMetricAsString('outbox_messages_delivered_total');
    expect(metrics).toContain('outbox_messages_delivered_total{subscriber="all-events"} 4');
    expect(await registry.getSingleMetricAsString('outbox_delivery_lag_seconds')).toContain('outbox_delivery_lag_seconds_count{subscriber="all-events"} 4');
  });

  it('delivers a claimed but abandoned stream after the lease expires', async () => {
    const log: EventEnvelope[] = [];
    const crashed = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [recorder('abandon', { log }).subscriber] });
    const healthy = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [recorder('abandon', { log }).subscriber] });
    await store.append('order-20', 0, [ev('order-placed', 1)], opts);

    const claims = await crashed.claim();
    expect(claims.map((c) => c.streamId)).toContain('order-20');
    // `crashed` dies here: its claim is never delivered nor released.
    await driveUntil([healthy], () => log.some((e) => e.streamId === 'order-20'));
    expect(log.filter((e) => e.streamId === 'order-20').map((e) => e.version)).toEqual([1]);
  });

  it('redelivers a message whose delivery was never acknowledged, and the late relay records nothing', async () => {
    const log: EventEnvelope[] = [];
    let releaseHung: () => void = () => undefined;
    const hung = new Promise<void>((resolve) => (releaseHung = resolve));
    let hungCalls = 0;
    const dying = new OutboxRelay(db, {
      ...FAST_RELAY,
      subscribers: [
        recorder('ack-lost', {
          log,
          before: async (e) => {
            if (e.streamId !== 'order-30') return;
            hungCalls += 1;
            await hung;
          },
        }).subscriber,
      ],
    });
    const healthy = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [recorder('ack-lost', { log }).subscriber] });
    await store.append('order-30', 0, [ev('order-placed', 1)], opts);

    const [claim] = (await dying.claim()).filter((c) => c.streamId === 'order-30');
    expect(claim).toBeDefined();
    const late = dying.deliver(claim!);
    await driveUntil([healthy], () => log.some((e) => e.streamId === 'order-30'));
    releaseHung();
    expect(await late).toEqual({ delivered: 0, status: 'lease-lost' });
    expect(hungCalls).toBe(1);

    await store.append('order-30', 1, [ev('order-confirmed', 2)], opts);
    await driveUntil([healthy], () => log.filter((e) => e.streamId === 'order-30').length >= 3);
    // The hung delivery reached the subscriber too (at least once), but never out of order.
    expect(log.filter((e) => e.streamId === 'order-30').map((e) => e.version)).toEqual([1, 1, 2]);
  });

  it('two relays running side by side never hand a stream over out of order', async () => {
    const log: EventEnvelope[] = [];
    const jitter = () => new Promise<void>((r) => setTimeout(r, Math.random() * 3));
    const slowLease = { ...FAST_RELAY, leaseMs: 10_000, minLeaseLeftMs: 1_000, concurrency: 3, batchSize: 7 };
    const relayA = new OutboxRelay(db, { ...slowLease, subscribers: [recorder('ordered', { log, before: jitter }).subscriber] });
    const relayB = new OutboxRelay(db, { ...slowLease, subscribers: [recorder('ordered', { log, before: jitter }).subscriber] });
    const streams = ['stock-1', 'stock-2', 'stock-3', 'stock-4'];
    relayA.start();
    relayB.start();
    try {
      for (let round = 0; round < 6; round += 1) {
        await Promise.all(streams.map((s) => store.append(s, 'any', [ev('stock-reserved', round), ev('stock-released', round)], opts)));
      }
      await new Promise<void>((resolve) => {
        const check = () => (streams.every((s) => log.filter((e) => e.streamId === s).length >= 12) ? resolve() : setTimeout(check, 10));
        check();
      });
    } finally {
      await Promise.all([relayA.stop(), relayB.stop()]);
    }
    for (const s of streams) {
      expect(log.filter((e) => e.streamId === s).map((e) => e.version)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    }
  });

  it('loses nothing when the writer dies right after its commit (before any secondary write)', async () => {
    const r = recorder('after-crash');
    const relay = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [r.subscriber] });
    const first = await store.append('order-60', 0, [ev('order-placed', 1)], { ...opts, idempotencyKey: 'k-60' });
    // The pointer is written before the commit, so it is there whatever happens next.
    expect(await db.collection('outbox_pending').countDocuments({ _id: 'order-60@0' as never })).toBe(1);
    // Undo the writes that follow the commit, as if the process had died there.
    await db.collection('event_streams').deleteOne({ _id: 'order-60' as never });
    await db.collection('event_idempotency').updateOne({ _id: 'order-60|k-60' as never }, { $unset: { commitId: '' } });

    await driveUntil([relay], () => r.versionsOf('order-60').length === 1);
    expect(r.versionsOf('order-60')).toEqual([1]);
    const retry = await store.append('order-60', 0, [ev('order-placed', 1)], { ...opts, idempotencyKey: 'k-60' });
    expect(retry).toEqual({ ...first, duplicate: true });
  });

  it('serves subscribers of relays configured differently (fan-out covers every registered subscriber)', async () => {
    const audit = recorder('audit-only');
    const billing = recorder('billing-only');
    const auditRelay = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [audit.subscriber] });
    const billingRelay = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [billing.subscriber] });
    await billingRelay.runOnce();
    await auditRelay.runOnce();
    await store.append('order-70', 0, [ev('order-placed', 1)], opts);
    await auditRelay.runOnce();
    expect(await db.collection('outbox_pending').countDocuments({ _id: 'order-70@0' as never })).toBe(0);
    await driveUntil([billingRelay], () => billing.versionsOf('order-70').length === 1);
    expect(audit.versionsOf('order-70')).toEqual([1]);
    expect(billing.versionsOf('order-70')).toEqual([1]);
  });

  it('keeps a pointer whose writer died before committing, and delivers once a commit fills that position', async () => {
    const r = recorder('dangling');
    const relay = new OutboxRelay(db, { ...FAST_RELAY, subscribers: [r.subscriber] });
    await store.append('order-40', 0, [ev('order-placed', 1)], opts);
    await driveUntil([relay], () => r.versionsOf('order-40').length === 1);
    // A writer announced position 1, then died before inserting its commit.
    await new PendingCommits(db).announce('order-40', 1);
    await relay.runOnce();
    await relay.runOnce();
    expect(await db.collection('outbox_pending').countDocuments({ _id: 'order-40@1' as never })).toBe(1);

    await store.append('order-40', 1, [ev('order-confirmed', 2)], opts);
    await driveUntil([relay], () => r.versionsOf('order-40').length === 2);
    expect(r.versionsOf('order-40')).toEqual([1, 2]);
  });

  it('dead-letters after the last attempt, holds later events of that stream, and resumes in order after a re-queue', async () => {
    let healthy = false;
    const r = recorder('flaky', {
      before: async (e) => {
        if (!healthy && e.streamId === 'order-50' && e.version === 2) throw new Error('downstream is down');
      },
    });
    const relay = new OutboxRelay(db, { ...FAST_RELAY, maxAttempts: 3, subscribers: [r.subscriber] });
    const deadLetters = new DeadLetters(db);
    await store.append('order-50', 0, [ev('order-placed', 1), ev('order-confirmed', 2)], opts);
    await store.append('order-51', 0, [ev('order-placed', 1)], opts);

    await driveUntil([relay], async () => (await deadLetters.list({ subscriber: 'flaky' })).length === 1);
    const [letter] = await deadLetters.list({ subscriber: 'flaky' });
    expect(letter).toMatchObject({ id: 'flaky|order-50@2', streamId: 'order-50', version: 2, type: 'order-confirmed', attempts: 3, status: 'parked' });
    expect(letter?.lastError).toContain('downstream is down');

    await store.append('order-50', 2, [ev('order-shipped', 3)], opts);
    await driveUntil([relay], () => r.versionsOf('order-51').length === 1);
    for (let i = 0; i < 5; i += 1) await relay.runOnce();
    expect(r.versionsOf('order-50')).toEqual([1]);

    healthy = true;
    expect(await deadLetters.requeue(letter!.id)).toBe('requeued');
    await driveUntil([relay], () => r.versionsOf('order-50').length === 3);
    expect(r.versionsOf('order-50')).toEqual([1, 2, 3]);
    expect(await deadLetters.list({ subscriber: 'flaky' })).toEqual([]);
    expect((await deadLetters.get(letter!.id))?.status).toBe('resolved');
    expect(await deadLetters.requeue(letter!.id)).toBe('not-parked');
    expect(await deadLetters.requeue('flaky|nothing@1')).toBe('not-found');
  });
});
