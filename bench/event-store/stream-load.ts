import type { Db } from 'mongodb';
import { AggregateRepository } from '../../shared/platform/event-store/aggregate-repository';
import { EventStore } from '../../shared/platform/event-store/event-store';
import { SnapshotStore } from '../../shared/platform/event-store/snapshot-store';
import type { Row, Section, TargetContext } from './context';
import { commitDocument, insertCommits } from './documents';
import { pointsDecider, type PointsAccount } from './points-decider';
import { summarize } from '../latency-summary';
import { sampleWithin, timeMs } from './timing';

const STREAM = 'loyalty-account-1';
const POINTS = 10;
const SNAPSHOT_KEY = 'points-account-v1';
const LADDER = [100, 250, 500, 1_000, 2_500, 5_000, 10_000];

function* ledger(events: number) {
  for (let v = 0; v < events; v += 1) yield commitDocument(STREAM, v, 1, POINTS);
}

function account(events: number): PointsAccount {
  return { balance: events * POINTS, earnings: events };
}

/**
 * One stream of N one-event commits (filled raw, byte-identical to appended commits), loaded
 * through AggregateRepository with a snapshot `tail` events behind the head (the average case
 * for snapshotEvery = 2 x tail), and without snapshots. Loads without snapshots run up a ladder
 * of lengths and stop once a step exceeds the budget, because on FerretDB 1.x every commit
 * lookup scans the commit table (see the read growth table).
 */
async function runLoad(ctx: TargetContext, db: Db): Promise<{ rows: Row[]; notes: string[] }> {
  const { events, snapshotEvery, tail, samples, budgetMs } = ctx.config.load;
  const store = new EventStore(db);
  await store.ensureIndexes();
  const fillMs = await timeMs(() => insertCommits(db, ledger(events)));
  ctx.log(`load: ${events} commits filled in ${(fillMs / 1000).toFixed(1)} s`);
  const snapshots = new SnapshotStore(db);
  await snapshots.save({ streamId: STREAM, version: events - tail, state: account(events - tail) }, SNAPSHOT_KEY);

  const withSnapshots = new AggregateRepository(store, pointsDecider, { snapshotEvery, snapshots, snapshotKey: SNAPSHOT_KEY });
  const withoutSnapshots = new AggregateRepository(store, pointsDecider);
  const target = ctx.target.name;
  const rows: Row[] = [];
  const notes: string[] = [];

  const snapshotLoads = await sampleWithin(samples, budgetMs, async () => {
    const loaded = await withSnapshots.load(STREAM);
    if (loaded.version !== events || loaded.state.balance !== account(events).balance || loaded.snapshotVersion !== events - tail) {
      throw new Error(`load with snapshot returned version ${loaded.version}, balance ${loaded.state.balance}`);
    }
  });
  const s = summarize(snapshotLoads);
  ctx.log(`load: with snapshot, p50 ${(s.p50 / 1000).toFixed(1)} s over ${s.n} load(s)`);
  rows.push({
    case: `${events} events, snapshot at ${events - tail} (snapshotEvery ${snapshotEvery})`,
    target,
    'load ms (p50)': s.p50,
    samples: s.n,
    'commit lookups': tail + 1,
    'ms/lookup': s.p50 / (tail + 1),
    'events/s folded': tail / (s.p50 / 1000),
  });

  const steps = [...LADDER.filter((l) => l < events), events];
  for (const [i, n] of steps.entries()) {
    const ms = await timeMs(async () => {
      const loaded = await withoutSnapshots.load(STREAM, { toVersion: n });
      if (loaded.version !== n || loaded.state.balance !== account(n).balance) throw new Error(`load to ${n} returned version ${loaded.version}`);
    });
    const lookups = n + 1;
    rows.push({ case: `no snapshot, first ${n} events`, target, 'load ms (p50)': ms, samples: 1, 'commit lookups': lookups, 'ms/lookup': ms / lookups, 'events/s folded': n / (ms / 1000) });
    ctx.log(`load: no snapshot, ${n} events in ${(ms / 1000).toFixed(1)} s`);
    const next = steps[i + 1];
    if (next === undefined) break;
    // Lookups never get cheaper further along a stream, so the per-lookup cost so far gives lower bounds.
    const perLookup = ms / lookups;
    if (perLookup * (next + 1) > budgetMs) {
      rows.push({ case: `no snapshot, all ${events} events: NOT RUN (over budget)`, target, 'load ms (p50)': null, samples: 0, 'commit lookups': events + 1, 'ms/lookup': null, 'events/s folded': null });
      notes.push(
        `${target}: loading all ${events} events without a snapshot was not run: ${n} events took ${(ms / 1000).toFixed(1)} s, so the next step ` +
          `(${next}) would take at least ${((perLookup * (next + 1)) / 1000).toFixed(0)} s (budget ${(budgetMs / 1000).toFixed(0)} s), and all ${events} events ` +
          `at least ${((perLookup * (events + 1)) / 1000).toFixed(0)} s (${perLookup.toFixed(1)} ms per lookup x ${events + 1} lookups; a lower bound).`,
      );
      break;
    }
  }
  return { rows, notes };
}

export const streamLoad: Section = {
  key: 'load',
  title: 'Loading one long stream through AggregateRepository, with and without a snapshot',
  columns: ['case', 'target', 'load ms (p50)', 'samples', 'commit lookups', 'ms/lookup', 'events/s folded'],
  legend: ['One-event commits, the stream alone in its database. A load reads one commit per _id lookup, plus one lookup that finds no successor.'],
  async run(ctx) {
    ctx.log(`load: ${ctx.config.load.events}-event stream`);
    return ctx.withDatabase('load', (db) => runLoad(ctx, db));
  },
};
