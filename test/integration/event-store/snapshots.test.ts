import { describe, expect, it } from 'vitest';
import { AggregateRepository } from '../../../shared/platform/event-store/aggregate-repository';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import { SnapshotStore } from '../../../shared/platform/event-store/snapshot-store';
import { useTestDatabase } from '../../support/mongo';
import { counterDecider } from './counter-decider';

const { db } = await useTestDatabase('es_snap');
const store = new EventStore(db);
const snapshots = new SnapshotStore(db);
const snapshotDocs = db.collection<{ _id: string; version: number; snapshotKey: string }>('event_snapshots');

describe('snapshots', () => {
  it('gives the same state and version as a full fold, and takes one every N events', async () => {
    const withSnapshots = new AggregateRepository(store, counterDecider, { snapshots, snapshotKey: 'counter@1', snapshotEvery: 5 });
    const plain = new AggregateRepository(store, counterDecider);
    for (let i = 1; i <= 23; i += 1) {
      await withSnapshots.execute('counter-snap', { type: 'increment', by: i, writer: `w${i % 3}` }, { correlationId: 'c' });
    }
    const snapshot = await snapshotDocs.findOne({ _id: 'counter-snap' });
    expect(snapshot?.version).toBe(20);

    const fromSnapshot = await withSnapshots.load('counter-snap');
    const fullFold = await plain.load('counter-snap');
    expect(fromSnapshot.snapshotVersion).toBe(20);
    expect(fullFold.snapshotVersion).toBe(0);
    expect(fromSnapshot.state).toEqual(fullFold.state);
    expect(fromSnapshot.version).toBe(23);
    expect(fullFold.version).toBe(23);
    expect(fullFold.state.total).toBe((23 * 24) / 2);
    expect(await withSnapshots.load('counter-snap', { useSnapshot: false })).toEqual(fullFold);
  });

  it('ignores a snapshot of another decider version and one newer than an as-of version', async () => {
    const repo = new AggregateRepository(store, counterDecider, { snapshots, snapshotKey: 'counter@1', snapshotEvery: 2 });
    for (let i = 1; i <= 4; i += 1) await repo.execute('counter-key', { type: 'increment', by: 1 }, { correlationId: 'c' });
    const otherShape = new AggregateRepository(store, counterDecider, { snapshots, snapshotKey: 'counter@2', snapshotEvery: 2 });
    expect((await otherShape.load('counter-key')).snapshotVersion).toBe(0);
    const asOf3 = await repo.load('counter-key', { toVersion: 3 });
    expect(asOf3).toMatchObject({ version: 3, snapshotVersion: 0 });
    expect(asOf3.state.total).toBe(3);
  });

  it('is only an optimisation: a corrupted snapshot never replaces events in the commit store', async () => {
    const repo = new AggregateRepository(store, counterDecider, { snapshots, snapshotKey: 'counter@1', snapshotEvery: 1 });
    await repo.execute('counter-only', { type: 'increment', by: 2 }, { correlationId: 'c' });
    await snapshotDocs.deleteOne({ _id: 'counter-only' });
    expect((await repo.load('counter-only')).state.total).toBe(2);
  });

  it('skips states that cannot be stored instead of failing the command', async () => {
    const saved = await snapshots.save({ streamId: 'weird', version: 1, state: { m: new Map() } }, 'k');
    expect(saved).toBe(false);
    expect(await snapshots.load('weird', 'k')).toBeNull();
  });
});
