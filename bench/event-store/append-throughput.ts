import type { Db } from 'mongodb';
import type { CommitDocument } from '../../shared/platform/event-store/commit-document';
import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';
import { EVENT_STORE_COLLECTIONS } from '../../shared/platform/event-store/event-store-collections';
import { EventStore } from '../../shared/platform/event-store/event-store';
import type { Row, Section, TargetContext } from './context';
import { bsonSize, newEvents, OPTIONS } from './documents';
import { sideBySide, type Variant } from './side-by-side';

export function appendCases(writerCounts: readonly number[]) {
  return [1, 10].flatMap((eventsPerCommit) => writerCounts.map((writers) => ({ eventsPerCommit, writers })));
}

/** A stored commit of `streamId`, used as the template of the raw baseline documents. */
export async function storedCommit(db: Db, commitId: string): Promise<CommitDocument> {
  const commit = await db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits).findOne({ _id: commitId });
  if (!commit) throw new Error(`commit ${commitId} not found`);
  return commit;
}

/**
 * Raw baselines on the same server: one insertOne of a document identical to the stored
 * commit (same fields, same size; only `_id` differs), and for multi-event commits also an
 * insertMany of one document per event (what a document-per-event store writes).
 */
export function rawVariants(db: Db, template: CommitDocument, prefix: string): Variant[] {
  let seq = 0;
  const raw = db.collection<CommitDocument>('raw_commits');
  const perEvent = db.collection<EventEnvelope & { _id: string }>('raw_events');
  const variants: Variant[] = [{ name: 'raw', op: (w) => raw.insertOne({ ...template, _id: `${prefix}-${w}-${seq++}` }) }];
  if (template.events.length > 1) {
    variants.push({
      name: 'rawMany',
      op: (w) => {
        const n = seq++;
        return perEvent.insertMany(template.events.map((e, k) => ({ ...e, _id: `${prefix}-${w}-${n}-${k}` })));
      },
    });
  }
  return variants;
}

async function runCase(ctx: TargetContext, db: Db, eventsPerCommit: number, writers: number): Promise<Row> {
  const { append } = ctx.config;
  const store = new EventStore(db);
  await store.ensureIndexes();
  const versions = new Array<number>(writers).fill(0);
  const appendVariant: Variant = {
    name: 'append',
    op: async (w) => {
      const result = await store.append(`account-${w}`, versions[w] as number, newEvents(eventsPerCommit), OPTIONS);
      versions[w] = result.lastVersion;
    },
  };
  await appendVariant.op(0, 0);
  const template = await storedCommit(db, 'account-0@0');
  const results = await sideBySide([appendVariant, ...rawVariants(db, template, 'raw')], {
    writers,
    perWorker: append.perWorker[writers] ?? 1,
    rounds: append.rounds,
    warmupPerWorker: append.warmupPerWorker,
  });
  const get = (name: string) => results.get(name)?.perSecond ?? null;
  const appendPerSecond = get('append') as number;
  const rawPerSecond = get('raw') as number;
  const rawMany = get('rawMany');
  return {
    case: `${eventsPerCommit} ev/commit, ${writers} writer${writers > 1 ? 's' : ''}`,
    target: ctx.target.name,
    'append commits/s': appendPerSecond,
    'raw insertOne/s': rawPerSecond,
    'append/raw': appendPerSecond / rawPerSecond,
    'raw insertMany(10)/s': rawMany,
    'append/insertMany': rawMany === null ? null : appendPerSecond / rawMany,
    'commit bytes': bsonSize(template),
    'commits in store': versions.reduce((a, b) => a + b, 0) / eventsPerCommit,
  };
}

export const appendThroughput: Section = {
  key: 'append',
  title: 'Appends per second, each writer on its own stream, vs raw inserts of the same documents (same server, alternating rounds)',
  columns: ['case', 'target', 'append commits/s', 'raw insertOne/s', 'append/raw', 'raw insertMany(10)/s', 'append/insertMany', 'commit bytes', 'commits in store'],
  legend: [
    'append/raw: EventStore.append vs one insertOne of a byte-identical commit document (goal >= 0.8).',
    'append/insertMany: vs one insertMany of 10 one-event documents (a document-per-event store).',
    'Each case starts from an empty database; "commits in store" is its size at the end (lookups by _id scan, see read growth).',
  ],
  async run(ctx) {
    const rows: Row[] = [];
    for (const { eventsPerCommit, writers } of appendCases(ctx.config.append.writers)) {
      ctx.log(`append: ${eventsPerCommit} event(s) per commit, ${writers} writer(s)`);
      rows.push(await ctx.withDatabase(`append_${eventsPerCommit}_${writers}`, (db) => runCase(ctx, db, eventsPerCommit, writers)));
    }
    return { rows, notes: [] };
  },
};
