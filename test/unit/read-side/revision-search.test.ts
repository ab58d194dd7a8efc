import { describe, expect, it } from 'vitest';
import { PROBES_PER_ROUND, RevisionSearch } from '../../../shared/platform/projections/revision-search';

/** Runs a search against a document with revisions 1..last; returns what it found and how many rounds it took. */
function search(last: number, hint?: number) {
  const s = new RevisionSearch<string>('doc', hint);
  let rounds = 0;
  const asked: number[][] = [];
  while (!s.done) {
    const probes = s.probes();
    asked.push([...probes]);
    rounds += 1;
    if (rounds > 100) throw new Error(`no answer after 100 rounds for last=${last} hint=${hint}`);
    s.learn((rev) => (rev >= 1 && rev <= last ? `doc@${rev}` : undefined));
  }
  return { ...s.last, rounds, asked, staleHint: s.staleHint };
}

describe('finding the last revision of a document', () => {
  it('finds it for every length from none to a few hundred, without a hint', () => {
    for (let last = 0; last <= 300; last += 1) {
      expect(search(last)).toMatchObject({ rev: last, doc: last === 0 ? null : `doc@${last}` });
    }
  });

  it('finds it with a hint that is exact, behind, or past the end', () => {
    for (const last of [1, 2, 7, 64, 65, 1_000]) {
      for (const hint of [last, last - 1, Math.max(1, last - 40), last + 1, last + 50]) {
        expect(search(last, hint), `last ${last}, hint ${hint}`).toMatchObject({ rev: last, doc: `doc@${last}` });
      }
    }
    expect(search(0, 5)).toMatchObject({ rev: 0, doc: null, staleHint: true });
  });

  it('answers the common cases in one round: an exact hint, one more than the hint, a document that does not exist', () => {
    expect(search(10, 10)).toMatchObject({ rounds: 1, asked: [[10, 11]] });
    expect(search(0)).toMatchObject({ rounds: 1 });
    expect(search(3)).toMatchObject({ rounds: 2 });
    expect(search(11, 10).rounds).toBeLessThanOrEqual(2);
  });

  it('stays within a few rounds for long documents, asking at most PROBES_PER_ROUND revisions a round', () => {
    for (const last of [5_000, 100_000, 3_000_000]) {
      const found = search(last);
      expect(found.rev).toBe(last);
      expect(found.rounds).toBeLessThan(20);
      expect(Math.max(...found.asked.map((a) => a.length))).toBeLessThanOrEqual(PROBES_PER_ROUND);
      for (const a of found.asked) expect(a).toEqual([...a].sort((x, y) => x - y));
    }
  });
});
