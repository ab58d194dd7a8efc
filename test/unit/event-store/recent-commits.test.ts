import { describe, expect, it } from 'vitest';
import { commitIdAfter, type CommitDocument } from '../../../shared/platform/event-store/commit-document';
import type { CommitPosition } from '../../../shared/platform/event-store/commit-feed';
import { RecentCommits } from '../../../shared/platform/outbox/recent-commits';

const commit = (streamId: string, afterVersion: number): CommitDocument => ({
  _id: commitIdAfter(streamId, afterVersion), streamId, firstVersion: afterVersion + 1, lastVersion: afterVersion + 1,
  events: [], correlationId: 'c', committedAt: new Date(0),
});

/** A store holding some commits, recording each batch it was asked for. */
function storeWith(stored: CommitDocument[]) {
  const byId = new Map(stored.map((c) => [c._id, c]));
  const asked: string[][] = [];
  const find = (p: CommitPosition) => byId.get(commitIdAfter(p.streamId, p.afterVersion)) ?? null;
  return {
    asked,
    add: (c: CommitDocument) => byId.set(c._id, c),
    readCommit: async (streamId: string, afterVersion: number) => find({ streamId, afterVersion }),
    readCommits: async (positions: readonly CommitPosition[]) => {
      asked.push(positions.map((p) => commitIdAfter(p.streamId, p.afterVersion)));
      return positions.map(find);
    },
  };
}

describe('recent commits', () => {
  it('reads in one batch only the positions it does not remember, and answers in the order asked', async () => {
    const store = storeWith([commit('a', 0), commit('b', 0), commit('c', 0)]);
    const recent = new RecentCommits(store);
    await recent.readCommit('b', 0);
    const got = await recent.readCommits([{ streamId: 'a', afterVersion: 0 }, { streamId: 'b', afterVersion: 0 }, { streamId: 'x', afterVersion: 0 }, { streamId: 'c', afterVersion: 0 }]);
    expect(got.map((c) => c?._id ?? null)).toEqual(['a@0', 'b@0', null, 'c@0']);
    expect(store.asked).toEqual([['a@0', 'x@0', 'c@0']]);
  });

  it('remembers found commits, never an absence (a commit may be written a moment later)', async () => {
    const store = storeWith([commit('a', 0)]);
    const recent = new RecentCommits(store);
    await recent.readCommits([{ streamId: 'a', afterVersion: 0 }, { streamId: 'late', afterVersion: 0 }]);
    store.add(commit('late', 0));
    const again = await recent.readCommits([{ streamId: 'a', afterVersion: 0 }, { streamId: 'late', afterVersion: 0 }]);
    expect(again.map((c) => c?._id)).toEqual(['a@0', 'late@0']);
    expect(store.asked).toEqual([['a@0', 'late@0'], ['late@0']]);
    expect(await recent.readCommits([{ streamId: 'late', afterVersion: 0 }])).toHaveLength(1);
    expect(store.asked).toHaveLength(2);
  });
});
