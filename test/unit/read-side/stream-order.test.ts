import { describe, expect, it } from 'vitest';
import type { ScannedCommit } from '../../../shared/platform/event-store/commit-feed';
import { StreamOrder } from '../../../shared/platform/projections/stream-order';

const commit = (streamId: string, firstVersion: number, lastVersion = firstVersion): ScannedCommit => ({
  _id: `${streamId}@${firstVersion - 1}`, streamId, firstVersion, lastVersion, events: [], committedAt: new Date(0),
});
const ids = (order: StreamOrder, c: ScannedCommit) => [...order.accept(c)].map((x) => x._id);

describe('StreamOrder: commits read in storage order, passed on in each stream\'s version order', () => {
  it('passes commits in order at once, streams independently', () => {
    const order = new StreamOrder();
    expect(ids(order, commit('a', 1, 2))).toEqual(['a@0']);
    expect(ids(order, commit('b', 1))).toEqual(['b@0']);
    expect(ids(order, commit('a', 3))).toEqual(['a@2']);
    expect(order.waiting()).toBe(0);
  });

  it('holds a commit that came before its predecessor, then passes both', () => {
    const order = new StreamOrder();
    expect(ids(order, commit('a', 1))).toEqual(['a@0']);
    expect(ids(order, commit('a', 3))).toEqual([]);
    expect(ids(order, commit('a', 4, 5))).toEqual([]);
    expect(order.waiting()).toBe(2);
    expect(ids(order, commit('a', 2))).toEqual(['a@1', 'a@2', 'a@3']);
    expect(order.waiting()).toBe(0);
  });

  it('ignores a commit it passed already, and counts those whose predecessor never came', () => {
    const order = new StreamOrder();
    expect(ids(order, commit('a', 1))).toEqual(['a@0']);
    expect(ids(order, commit('a', 1))).toEqual([]);
    expect(ids(order, commit('b', 2))).toEqual([]);
    expect(order.waiting()).toBe(1);
  });
});
