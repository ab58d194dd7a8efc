import type { Db, Document } from 'mongodb';
import { EVENT_STORE_COLLECTIONS } from '../../shared/platform/event-store/event-store-collections';
import { EventStore } from '../../shared/platform/event-store/event-store';
import type { Row, Section, TargetContext } from './context';
import { insertCommits, newEvents, OPTIONS, otherStreamCommits } from './documents';
import { summarize } from '../latency-summary';
import { sampleWithin, timeMs } from './timing';

const FIXED = 'order-fixed-20';

/** How the server plans `find {_id: <string>}` on the commit collection (FerretDB answers explain with its SQL plan). */
async function idLookupPlan(db: Db): Promise<string> {
  const reply: Document = await db.command({ explain: { find: EVENT_STORE_COLLECTIONS.commits, filter: { _id: `${FIXED}@0` }, limit: 1 } });
  const plan: unknown = reply.queryPlanner;
  const text = JSON.stringify(plan) ?? '';
  if (/Index Scan|USING INDEX|IXSCAN|IDHACK|EXPRESS/i.test(text)) return `uses an index: ${text.slice(0, 160)}`;
  if (/Seq Scan|SCAN |COLLSCAN/i.test(text)) return `FULL SCAN: ${text.slice(0, 200)}`;
  return text.slice(0, 200);
}

async function measureAt(ctx: TargetContext, store: EventStore, size: number, otherCommits: number): Promise<Row> {
  const { samples, budgetMs } = ctx.config.growth;
  await store.readStream(FIXED);
  const reads = await sampleWithin(samples, budgetMs, async () => {
    const events = await store.readStream(FIXED);
    if (events.length !== 20) throw new Error(`read ${events.length} events of ${FIXED}`);
  });
  let version = 0;
  const appends = await sampleWithin(samples, budgetMs, async () => {
    version = (await store.append(`probe-${size}`, version, newEvents(1), OPTIONS)).lastVersion;
  });
  const r = summarize(reads);
  const a = summarize(appends);
  ctx.log(`growth: at ${otherCommits} other commits, readStream p50 ${r.p50.toFixed(1)} ms, append p50 ${a.p50.toFixed(1)} ms`);
  return {
    case: `${otherCommits.toLocaleString('en')} commits in other streams`,
    target: ctx.target.name,
    'readStream(20 ev) p50 ms': r.p50,
    'readStream p99 ms': r.p99,
    reads: r.n,
    'append p50 ms': a.p50,
    appends: a.n,
    'vs 1st size': null,
  };
}

/**
 * A fixed 20-event stream (20 appends, written first), then other streams' commits filled raw
 * around it; the stream is read through EventStore.readStream at the small and the large size.
 * An append to a fresh stream at each size shows the write side of the same effect.
 */
async function runGrowth(ctx: TargetContext, db: Db): Promise<{ rows: Row[]; notes: string[] }> {
  const { small, large } = ctx.config.growth;
  const store = new EventStore(db);
  await store.ensureIndexes();
  for (let v = 0; v < 20; v += 1) await store.append(FIXED, v, newEvents(1), OPTIONS);
  const rows: Row[] = [];
  let filled = 0;
  for (const size of [small, large]) {
    const fillMs = await timeMs(() => insertCommits(db, otherStreamCommits('other', filled, size - filled)));
    ctx.log(`growth: filled ${size - filled} commits in ${(fillMs / 1000).toFixed(1)} s`);
    filled = size;
    rows.push(await measureAt(ctx, store, size, size));
  }
  const [first, last] = rows as [Row, Row];
  last['vs 1st size'] = (last['readStream(20 ev) p50 ms'] as number) / (first['readStream(20 ev) p50 ms'] as number);
  const plan = await idLookupPlan(db);
  return { rows, notes: [`${ctx.target.name}: find {_id} on ${EVENT_STORE_COLLECTIONS.commits} at ${large.toLocaleString('en')} commits: ${plan}`] };
}

export const readGrowth: Section = {
  key: 'read-growth',
  title: 'Reading one 20-event stream as the store grows around it (EventStore.readStream)',
  columns: ['case', 'target', 'readStream(20 ev) p50 ms', 'readStream p99 ms', 'reads', 'append p50 ms', 'appends', 'vs 1st size'],
  legend: [
    'The fixed stream has 20 one-event commits (21 _id lookups per read) and was written before the other commits; "vs 1st size" = read p50 ratio (goal: about 1).',
    'append p50: one-event appends to a fresh stream at that size (its walk ends in a lookup that finds nothing).',
  ],
  async run(ctx) {
    ctx.log('growth: fixed stream, store grows');
    return ctx.withDatabase('growth', (db) => runGrowth(ctx, db));
  },
};
