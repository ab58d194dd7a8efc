import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import { ConcurrencyError } from '../../../shared/platform/event-store/event-store-errors';
import type { AppendResult } from '../../../shared/platform/event-store/append-types';
import { AggregateRepository } from '../../../shared/platform/event-store/aggregate-repository';
import { useTestDatabase } from '../../support/mongo';
import { counterDecider } from './counter-decider';

const { db } = await useTestDatabase('es_conc');
const store = new EventStore(db);
await store.ensureIndexes();
const opts = { correlationId: 'corr-1' };
const placed = (n: number) => ({ type: 'order-placed', payload: { n } });

describe('optimistic concurrency', () => {
  it('numbers events from 1 and chains commits', async () => {
    const first = await store.append('order-1', 'no-stream', [placed(1), placed(2)], opts);
    expect(first).toMatchObject({ streamId: 'order-1', firstVersion: 1, lastVersion: 2, commitId: 'order-1@0', duplicate: false });
    const second = await store.append('order-1', 2, [placed(3)], opts);
    expect(second).toMatchObject({ firstVersion: 3, lastVersion: 3, commitId: 'order-1@2' });
    expect((await store.readStream('order-1')).map((e) => e.version)).toEqual([1, 2, 3]);
    expect(await store.streamHead('order-1')).toBe(3);
  });

  it('lets exactly one of two writers with the same expected version win; the loser writes nothing', async () => {
    await store.append('order-2', 'no-stream', [placed(1)], opts);
    const results = await Promise.allSettled([
      store.append('order-2', 1, [placed(10), placed(11)], opts),
      store.append('order-2', 1, [placed(20)], opts),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0]?.reason as ConcurrencyError;
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error.streamId).toBe('order-2');
    expect(error.expectedVersion).toBe(1);

    const events = await store.readStream('order-2');
    const stored = events.slice(1).map((e) => (e.payload as { n: number }).n);
    const winner = (won[0] as PromiseFulfilledResult<AppendResult>).value;
    expect([[10, 11], [20]]).toContainEqual(stored);
    expect(winner.events.map((e) => (e.payload as { n: number }).n)).toEqual(stored);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(await db.collection('event_commits').countDocuments({ streamId: 'order-2' })).toBe(2);
  });

  it('refuses a stale or a future expected version with the actual version', async () => {
    await store.append('order-3', 0, [placed(1), placed(2)], opts);
    await expect(store.append('order-3', 1, [placed(3)], opts)).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 2 });
    await expect(store.append('order-3', 5, [placed(3)], opts)).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 2 });
    await expect(store.append('order-3', 'no-stream', [placed(3)], opts)).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 2 });
    expect(await store.streamHead('order-3')).toBe(2);
  });

  it("appends at the head with 'any', even when racing", async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.append('order-4', 'any', [placed(i)], opts)));
    const events = await store.readStream('order-4');
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(events.map((e) => (e.payload as { n: number }).n)).size).toBe(8);
  });

  it('finds the true head when the head hint lags behind', async () => {
    await store.append('order-5', 0, [placed(1)], opts);
    await store.append('order-5', 1, [placed(2)], opts);
    await db.collection<{ _id: string }>('event_streams').updateOne({ _id: 'order-5' }, { $set: { head: 1 } });
    expect(await store.streamHead('order-5')).toBe(2);
    await expect(store.append('order-5', 1, [placed(3)], opts)).rejects.toBeInstanceOf(ConcurrencyError);
    await store.append('order-5', 2, [placed(3)], opts);
    await db.collection<{ _id: string }>('event_streams').deleteOne({ _id: 'order-5' });
    expect(await store.streamHead('order-5')).toBe(3);
  });

  it('stays correct in a process whose remembered head went stale while another process appended', async () => {
    const processA = new EventStore(db);
    const processB = new EventStore(db);
    await processA.append('order-6', 0, [placed(1)], opts);
    await processB.append('order-6', 1, [placed(2)], opts);
    await processB.append('order-6', 2, [placed(3)], opts);
    await expect(processA.append('order-6', 1, [placed(4)], opts)).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 3 });
    const atHead = await processA.append('order-6', 'any', [placed(4)], opts);
    expect(atHead.firstVersion).toBe(4);
    await expect(processB.append('order-6', 3, [placed(5)], opts)).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 4 });
    await processB.append('order-6', 4, [placed(5)], opts);
    expect((await processA.readStream('order-6')).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('writes the stored head hint every few versions, and a new process still finds the head', async () => {
    const writer = new EventStore(db);
    for (let v = 0; v < 40; v += 1) await writer.append('order-7', v, [placed(v)], opts);
    const hint = await db.collection<{ _id: string; head: number }>('event_streams').findOne({ _id: 'order-7' });
    expect(hint?.head).toBe(32);
    const newProcess = new EventStore(db);
    expect(await newProcess.streamHead('order-7')).toBe(40);
    await expect(newProcess.append('order-7', 32, [placed(99)], opts)).rejects.toMatchObject({ name: 'ConcurrencyError', actualVersion: 40 });
    expect((await newProcess.append('order-7', 40, [placed(40)], opts)).lastVersion).toBe(41);
  });

  it('20 concurrent writers retrying through the aggregate repository end with versions 1..20, no gaps', async () => {
    const repository = new AggregateRepository(store, counterDecider);
    const writers = Array.from({ length: 20 }, (_, i) =>
      repository.execute('counter-race', { type: 'increment', by: i + 1, writer: `w${i}` }, { correlationId: `c-${i}`, maxConflictRetries: 100 }),
    );
    const results = await Promise.all(writers);
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    const events = await store.readStream('counter-race');
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => (e.payload as { writer: string }).writer)).size).toBe(20);
    const { state, version } = await repository.load('counter-race');
    expect(version).toBe(20);
    expect(state.total).toBe(210);
  });

  it('rethrows a conflict when the caller allows no retry', async () => {
    const repository = new AggregateRepository(store, counterDecider);
    await repository.execute('counter-strict', { type: 'increment', by: 1 }, opts);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => repository.execute('counter-strict', { type: 'increment', by: 1 }, opts)),
    );
    expect(results.some((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError)).toBe(true);
    const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
    expect(await store.streamHead('counter-strict')).toBe(1 + fulfilled);
  });

  it('passes a domain rejection through and writes nothing', async () => {
    const repository = new AggregateRepository(store, counterDecider);
    await expect(repository.execute('counter-rejected', { type: 'increment', by: -1 }, opts)).rejects.toMatchObject({
      name: 'DomainRejection',
      code: 'non-positive-increment',
    });
    expect(await store.streamHead('counter-rejected')).toBe(0);
  });
});
