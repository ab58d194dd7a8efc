import type { Db } from 'mongodb';
import { AggregateRepository } from '../../shared/platform/event-store/aggregate-repository';
import type { CommitDocument } from '../../shared/platform/event-store/commit-document';
import { EventStore } from '../../shared/platform/event-store/event-store';
import { storedCommit } from './append-throughput';
import { isConcurrencyError } from '../../shared/platform/event-store/event-store-errors';
import { totalCalls } from './command-log';
import type { Row, Section, TargetContext } from './context';
import { OPTIONS } from './documents';
import { pointsDecider } from './points-decider';
import { runWorkers } from './timing';

interface Totals {
  commits: number;
  seconds: number;
  conflicts: number;
  calls: number;
}

/** Counts the appends refused with a ConcurrencyError (each one a reload and a retry for the repository). */
class ConflictCountingStore extends EventStore {
  conflicts = 0;

  override async append(...args: Parameters<EventStore['append']>): ReturnType<EventStore['append']> {
    try {
      return await super.append(...args);
    } catch (err) {
      if (isConcurrencyError(err)) this.conflicts += 1;
      throw err;
    }
  }
}

/**
 * 8 writers executing commands through AggregateRepository (load, decide, append with the
 * expected version, reload and retry on ConcurrencyError), all on ONE stream, next to the same
 * writers on their own streams and raw inserts, in alternating rounds. Each round uses fresh
 * streams so stream length (the cost of a load) stays the same across rounds.
 */
async function runContention(ctx: TargetContext, db: Db): Promise<Row[]> {
  const { rounds, writers, perWriter } = ctx.config.contended;
  const store = new ConflictCountingStore(db);
  await store.ensureIndexes();
  const repo = new AggregateRepository(store, pointsDecider);
  const command = { type: 'earn-points', points: 1 } as const;
  const options = { ...OPTIONS, maxConflictRetries: 10_000 };
  await repo.execute('warm-up', command, options);
  const template = await storedCommit(db, 'warm-up@0');
  const raw = db.collection<CommitDocument>('raw_commits');
  let seq = 0;
  let round = 0;
  const variants: { name: string; op: (w: number) => Promise<unknown> }[] = [
    { name: 'AggregateRepository, 8 writers, ONE stream', op: () => repo.execute(`hot-${round}`, command, options) },
    { name: 'AggregateRepository, 8 writers, own streams', op: (w) => repo.execute(`own-${round}-${w}`, command, options) },
    { name: 'raw insertOne, 8 writers', op: (w) => raw.insertOne({ ...template, _id: `raw-${w}-${seq++}` }) },
  ];
  const totals = new Map<string, Totals>(variants.map((v) => [v.name, { commits: 0, seconds: 0, conflicts: 0, calls: 0 }]));
  for (const v of variants) await runWorkers(writers, 1, v.op);
  for (round = 1; round <= rounds; round += 1) {
    for (let k = 0; k < variants.length; k += 1) {
      const v = variants[(round + k) % variants.length] as (typeof variants)[number];
      ctx.commands.start();
      const conflictsBefore = store.conflicts;
      const seconds = await runWorkers(writers, perWriter, v.op);
      const stats = ctx.commands.stop();
      const t = totals.get(v.name) as Totals;
      t.commits += writers * perWriter;
      t.seconds += seconds;
      t.conflicts += store.conflicts - conflictsBefore;
      t.calls += totalCalls(stats);
    }
    const hot = await store.readStream(`hot-${round}`);
    if (hot.length !== writers * perWriter) throw new Error(`hot stream has ${hot.length} events, expected ${writers * perWriter}`);
  }
  const rawRate = (() => {
    const t = totals.get('raw insertOne, 8 writers') as Totals;
    return t.commits / t.seconds;
  })();
  return [...totals].map(([name, t]) => ({
    case: name,
    target: ctx.target.name,
    'commits/s': t.commits / t.seconds,
    'vs raw': t.commits / t.seconds / rawRate,
    'conflicts/commit': t.conflicts / t.commits,
    'round trips/commit': t.calls / t.commits,
    'stream length': name.includes('ONE') ? writers * perWriter : name.includes('own') ? perWriter : null,
  }));
}

export const contendedAppend: Section = {
  key: 'contention',
  title: '8 writers contending on one stream through AggregateRepository (conflict retries), vs own streams and raw inserts',
  columns: ['case', 'target', 'commits/s', 'vs raw', 'conflicts/commit', 'round trips/commit', 'stream length'],
  legend: [
    'No snapshots: every attempt loads the whole (short) stream, then appends with the expected version; a lost race reloads and retries (full-jitter backoff).',
    'conflicts/commit = append attempts that lost the race (ConcurrencyError, then reload and retry) per successful command.',
  ],
  async run(ctx) {
    ctx.log('contention: 8 writers on one stream');
    return { rows: await ctx.withDatabase('contention', (_db, monitoredDb) => runContention(ctx, monitoredDb)), notes: [] };
  },
};
