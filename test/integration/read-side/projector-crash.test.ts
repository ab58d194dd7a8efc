import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store';
import { OUTBOX_COLLECTIONS } from '../../../shared/platform/outbox/outbox-collections';
import { VIEW_NAMES } from '../../../shared/domain/view-catalog';
import type { BatchingViewStore, ViewDocument, ViewRevision } from '../../../shared/platform/projections/view-store';
import { useTestDatabase } from '../../support/mongo';
import { runOrderWorkload } from '../../support/order-workload';
import { allEvents, describeDifference, foldView, startTestProjector, untilIdle, viewContent, withBackPressure } from './read-side-kit';

const { client, db: writeDb } = await useTestDatabase('rs_crash_w');
const readDb = client.db(`${writeDb.databaseName}_read`);

const never = new Promise<never>(() => undefined);

/**
 * A process that dies at its `dieAt`-th write of a view revision: the revisions before land (a
 * batch's write is cut there, as a crash cuts an ordered insert), then nothing of the process
 * happens any more (the rest of the batch's writes, the relay's acknowledgement, everything).
 */
function dyingStore(dieAt: number) {
  let writes = 0;
  return {
    get dead() {
      return writes >= dieAt;
    },
    wrap(store: BatchingViewStore): BatchingViewStore {
      return {
        get: async <D extends ViewDocument>(id: string) => (writes >= dieAt ? never : store.get<D>(id)),
        getMany: async <D extends ViewDocument>(ids: readonly string[]) => (writes >= dieAt ? never : store.getMany<D>(ids)),
        put: async <D extends ViewDocument>(next: D, previous: D | null) => {
          if (writes >= dieAt) return never;
          const written = await store.put(next, previous);
          writes += 1;
          return writes >= dieAt ? never : written;
        },
        writeRevisions: async (revisions: readonly ViewRevision[]) => {
          if (writes >= dieAt) return never;
          const landing = revisions.slice(0, dieAt - writes);
          const written = await store.writeRevisions(landing);
          writes += written;
          return writes >= dieAt ? never : written;
        },
      };
    },
  };
}

describe('projector killed mid-stream', () => {
  it('a projector that dies mid-delivery, then one stopped midway, then a fresh one: nothing lost, nothing applied twice', async () => {
    const store = new EventStore(writeDb);
    await store.ensureIndexes();
    const appender = withBackPressure(store, writeDb);
    const writers = Promise.all([0, 1, 2].map((writer) => runOrderWorkload(appender, { writer, events: 120, sharedCustomers: 4, sharedSkus: 2 })));

    // 1. Killed: its relay is abandoned in the middle of a delivery (its leases run out on their own).
    const crash = dyingStore(120);
    const killed = startTestProjector(writeDb, readDb, { wrapStore: (s) => crash.wrap(s) });
    await killed.prepare();
    while (!crash.dead) {
      void killed.relay.runOnce();
      await new Promise((r) => setTimeout(r, 200));
    }

    // 2. Stopped: a graceful stop while events still arrive (its bootstrap rebuild is abandoned too).
    let applied = 0;
    const stopped = startTestProjector(writeDb, readDb, { onApplied: () => { applied += 1; } });
    await stopped.start();
    while (applied < 150) await new Promise((r) => setTimeout(r, 100));
    await stopped.stop();

    // 3. A fresh projector finishes the work.
    const fresh = startTestProjector(writeDb, readDb);
    await fresh.start();
    expect(await writers).toEqual([120, 120, 120]);
    appender.stop();
    try {
      await untilIdle(writeDb);
      const events = await allEvents(writeDb);
      expect(events).toHaveLength(360);
      expect(await writeDb.collection(OUTBOX_COLLECTIONS.deadLetters).countDocuments({})).toBe(0);
      for (const view of VIEW_NAMES) {
        const [live, folded] = [await viewContent(readDb, view), await foldView(view, events)];
        expect(isDeepStrictEqual(live, folded), `${view} equals the fold of the event store: ${describeDifference(live, folded)}`).toBe(true);
      }
    } finally {
      await fresh.stop();
      await readDb.dropDatabase().catch(() => undefined);
    }
  }, 30 * 60_000);
});
