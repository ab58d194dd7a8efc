import { describe, expect, it } from 'vitest';
import { AggregateRepository } from '../../../shared/platform/event-store/aggregate-repository';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import { useTestDatabase } from '../../support/mongo';
import { counterDecider, type CounterCommand, type CounterEvent, type CounterState } from './counter-decider';

const { db } = await useTestDatabase('es_idem');
const store = new EventStore(db);
const commits = db.collection<{ _id: string; streamId: string }>('event_commits');
const reservations = db.collection<{ _id: string }>('event_idempotency');
const event = (n: number) => ({ type: 'stock-reserved', payload: { n } });

describe('idempotent append', () => {
  it('returns the first result for a retry with the same key and appends nothing', async () => {
    const first = await store.append('stock-1', 'no-stream', [event(1), event(2)], { correlationId: 'c', idempotencyKey: 'act-1' });
    const retry = await store.append('stock-1', 'no-stream', [event(1), event(2)], { correlationId: 'c', idempotencyKey: 'act-1' });
    expect(first.duplicate).toBe(false);
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(await commits.countDocuments({ streamId: 'stock-1' })).toBe(1);
  });

  it('recognises the retry even when the caller recomputed the expected version, and after others appended', async () => {
    const first = await store.append('stock-2', 0, [event(1)], { correlationId: 'c', idempotencyKey: 'act-2' });
    await store.append('stock-2', 1, [event(2)], { correlationId: 'c' });
    const retry = await store.append('stock-2', 2, [event(1)], { correlationId: 'c', idempotencyKey: 'act-2' });
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(await store.streamHead('stock-2')).toBe(2);
  });

  it('recognises a retry in another process, which has not seen the stream and finds a lagging hint', async () => {
    const first = await store.append('stock-3', 0, [event(1)], { correlationId: 'c', idempotencyKey: 'act-3' });
    await store.append('stock-3', 1, [event(2)], { correlationId: 'c' });
    expect(await reservations.countDocuments({ _id: 'stock-3|act-3' })).toBe(1);
    const otherProcess = new EventStore(db);
    const retry = await otherProcess.append('stock-3', 'any', [event(1)], { correlationId: 'c', idempotencyKey: 'act-3' });
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(await otherProcess.streamHead('stock-3')).toBe(2);
    expect(await new EventStore(db).findIdempotentAppend('stock-3', 'act-3')).toEqual({ ...first, duplicate: true });
  });

  it('commits once when attempts with one key run concurrently', async () => {
    await store.append('stock-4', 0, [event(0)], { correlationId: 'c' });
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => store.append('stock-4', 'any', [event(1)], { correlationId: 'c', idempotencyKey: 'act-4' })),
    );
    expect(attempts.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(new Set(attempts.map((a) => a.commitId))).toEqual(new Set(['stock-4@1']));
    expect(await store.streamHead('stock-4')).toBe(2);
  });

  it('scopes keys per stream and lets new keys append', async () => {
    const a = await store.append('stock-5', 'any', [event(1)], { correlationId: 'c', idempotencyKey: 'same' });
    const b = await store.append('stock-6', 'any', [event(1)], { correlationId: 'c', idempotencyKey: 'same' });
    const c = await store.append('stock-5', 'any', [event(2)], { correlationId: 'c', idempotencyKey: 'other' });
    expect([a.duplicate, b.duplicate, c.duplicate]).toEqual([false, false, false]);
    expect(c.lastVersion).toBe(2);
    expect(await store.findIdempotentAppend('stock-5', 'unknown')).toBeNull();
  });

  it('a retried command through the repository returns the original result without deciding again', async () => {
    let decisions = 0;
    const counting = {
      ...counterDecider,
      decide(command: CounterCommand, state: CounterState): readonly CounterEvent[] {
        decisions += 1;
        return counterDecider.decide(command, state);
      },
    };
    const repository = new AggregateRepository(store, counting);
    const first = await repository.execute('counter-idem', { type: 'increment', by: 5 }, { correlationId: 'c', idempotencyKey: 'cmd-1' });
    await repository.execute('counter-idem', { type: 'increment', by: 7 }, { correlationId: 'c', idempotencyKey: 'cmd-2' });
    const retried = await repository.execute('counter-idem', { type: 'increment', by: 5 }, { correlationId: 'c', idempotencyKey: 'cmd-1' });
    expect(decisions).toBe(2);
    expect(retried).toEqual({ ...first, duplicate: true });
    expect(retried.state.total).toBe(5);
    expect(await store.streamHead('counter-idem')).toBe(2);
  });
});
