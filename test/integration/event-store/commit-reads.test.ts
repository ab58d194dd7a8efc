import { describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { CommitFeed } from '../../../shared/platform/event-store/commit-feed';
import { EventStore } from '../../../shared/platform/event-store/event-store';
import { EVENT_STORE_COLLECTIONS } from '../../../shared/platform/event-store/event-store-collections';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('es_commit_reads');
const store = new EventStore(db);
await store.ensureIndexes();
const feed = new CommitFeed(db);

/** Three streams of two commits each (versions 1-2, then 3). */
async function writeStreams(prefix: string): Promise<void> {
  for (const s of [1, 2, 3]) {
    await store.append(`${prefix}-${s}`, 'no-stream', [{ type: 'noted', payload: { n: 1 } }, { type: 'noted', payload: { n: 2 } }], { correlationId: 'c' });
    await store.append(`${prefix}-${s}`, 2, [{ type: 'noted', payload: { n: 3 } }], { correlationId: 'c' });
  }
}

describe('reading commits by position in one batch', () => {
  it('answers every position in the order asked, null where no commit is there', async () => {
    await writeStreams('batch');
    const positions = [
      { streamId: 'batch-2', afterVersion: 2 },
      { streamId: 'batch-1', afterVersion: 0 },
      { streamId: 'batch-3', afterVersion: 3 }, // past the head
      { streamId: 'nobody', afterVersion: 0 },
      { streamId: 'batch-1', afterVersion: 2 },
      { streamId: 'batch-1', afterVersion: 0 }, // asked twice
    ];
    const commits = await feed.readCommits(positions);
    expect(commits.map((c) => c && [c.streamId, c.firstVersion, c.lastVersion])).toEqual([
      ['batch-2', 3, 3], ['batch-1', 1, 2], null, null, ['batch-1', 3, 3], ['batch-1', 1, 2],
    ]);
    expect(commits[1]?.events.map((e) => [e.streamId, e.version, e.payload])).toEqual([['batch-1', 1, { n: 1 }], ['batch-1', 2, { n: 2 }]]);
    expect(commits[1]).toEqual(await feed.readCommit('batch-1', 0));
  });

  it('reads more positions than one query asks for', async () => {
    const streams = Array.from({ length: 1_200 }, (_, i) => `many-${i}`);
    for (let i = 0; i < streams.length; i += 100) {
      await Promise.all(streams.slice(i, i + 100).map((s) => store.append(s, 'no-stream', [{ type: 'noted', payload: { s } }], { correlationId: 'c' })));
    }
    const commits = await feed.readCommits(streams.map((streamId) => ({ streamId, afterVersion: 0 })));
    expect(commits.map((c) => c?.events[0]?.payload)).toEqual(streams.map((s) => ({ s })));
  });
});

describe("the server's plan for an `_id` list", () => {
  it('serves `_id: {$in: [...]}` from the _id index (FerretDB is built with that pushdown, scripts/ferretdb)', async () => {
    await writeStreams('plan');
    const commits = db.collection<{ _id: string }>(EVENT_STORE_COLLECTIONS.commits);
    const explained: Document = await commits.find({ _id: { $in: ['plan-1@0', 'plan-2@2'] } }).explain();
    const isFerretDb = (await db.admin().command({ buildInfo: 1 })).ferretdbVersion !== undefined;
    if (isFerretDb) expect(explained.filterPushdown).toBe(true);
    else expect(JSON.stringify(explained.queryPlanner?.winningPlan)).not.toContain('COLLSCAN');
  });

  it('still answers lists the index cannot serve, by scanning (mixed types, other conditions)', async () => {
    await writeStreams('mixed');
    const commits = db.collection<{ _id: string | number; lastVersion: number }>(EVENT_STORE_COLLECTIONS.commits);
    const mixed = await commits.find({ _id: { $in: ['mixed-1@0', 7, 'mixed-9@0'] } }).toArray();
    expect(mixed.map((c) => c._id)).toEqual(['mixed-1@0']);
    const narrowed = await commits.find({ _id: { $in: ['mixed-1@0', 'mixed-1@2', 'mixed-2@2'] }, lastVersion: 3 }).toArray();
    expect(narrowed.map((c) => c._id).sort()).toEqual(['mixed-1@2', 'mixed-2@2']);
    const excluded = await commits.find({ _id: { $in: ['mixed-3@0', 'mixed-3@2'], $ne: 'mixed-3@2' } }).toArray();
    expect(excluded.map((c) => c._id)).toEqual(['mixed-3@0']);
  });
});
