import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../shared/platform/event-store';
import { ALL_VIEWS, VIEW_NAMES } from '../../../shared/domain/view-catalog';
import { OUTBOX_COLLECTIONS } from '../../../shared/platform/outbox/outbox-collections';
import { ViewRebuilder } from '../../../shared/platform/projections/view-rebuilder';
import { useTestDatabase } from '../../support/mongo';
import { runOrderWorkload } from '../../support/order-workload';
import { activeCollection, allEvents, describeDifference, foldView, startTestProjector, untilIdle, viewContent, withBackPressure } from './read-side-kit';

const { client, db: writeDb } = await useTestDatabase('rs_rebuild_load');
const readDb = client.db(`${writeDb.databaseName}_read`);

describe('rebuild while events keep coming', () => {
  it('switches to views equal to the fold of the store: what the projector applied during the rebuild reached it through the tail', async () => {
    const store = new EventStore(writeDb);
    await store.ensureIndexes();
    const projector = startTestProjector(writeDb, readDb);
    await projector.start();
    await projector.whenBootstrapped();
    let appended = 0;
    const appender = withBackPressure(store, writeDb);
    const writers = Promise.all([0, 1, 2, 3].map((writer) => runOrderWorkload({
      append: async (...args: Parameters<typeof store.append>) => {
        const result = await appender.append(...args);
        appended += args[2].length;
        return result;
      },
    }, { writer, events: 250, sharedCustomers: 5, sharedSkus: 3 })));
    try {
      while (appended < 300) await new Promise((r) => setTimeout(r, 100));
      const before = await Promise.all(VIEW_NAMES.map((view) => activeCollection(readDb, view)));
      const jobs = await new ViewRebuilder({ views: ALL_VIEWS, writeDb, readDb }).rebuild(VIEW_NAMES, 'test');
      const stillWriting = appended < 1_000;
      expect(await writers).toEqual([250, 250, 250, 250]);
      appender.stop();
      await untilIdle(writeDb);
      expect(jobs.map((j) => j.status)).toEqual(VIEW_NAMES.map(() => 'completed'));
      for (const job of jobs) expect(before).not.toContain(job.collection);
      const events = await allEvents(writeDb);
      expect(events).toHaveLength(1_000);
      expect(await writeDb.collection(OUTBOX_COLLECTIONS.deadLetters).countDocuments({})).toBe(0);
      for (const view of VIEW_NAMES) {
        const [live, folded] = [await viewContent(readDb, view), await foldView(view, events)];
        expect(isDeepStrictEqual(live, folded), `${view} equals the fold of the event store: ${describeDifference(live, folded)}`).toBe(true);
      }
      // Not an assertion on timing: says whether this run exercised the tail (writers still going when the rebuild ended).
      console.info(`rebuild under load: writers ${stillWriting ? 'still appending' : 'done'} when the rebuild switched`);
    } finally {
      appender.stop();
      await projector.stop();
      await readDb.dropDatabase().catch(() => undefined);
    }
  }, 30 * 60_000);
});
