import { MongoClient, type Db } from 'mongodb';
import { appendCases, rawVariants } from './append-throughput';
import type { Row, Section, TargetContext } from './context';
import { commitDocument, samplePayload } from './documents';
import { sideBySide, type Variant } from './side-by-side';

const PACKAGE = '@event-driven-io/emmett-mongodb';

/** The part of emmett-mongodb's API this benchmark uses (typed here: the package is optional). */
interface EmmettEventStore {
  appendToStream(
    streamName: string,
    events: { type: string; data: object }[],
    options?: { expectedStreamVersion?: bigint },
  ): Promise<{ nextExpectedStreamVersion: bigint }>;
}
interface EmmettModule {
  getMongoDBEventStore(options: { client: MongoClient }): EmmettEventStore;
}

/** Why emmett-mongodb does or does not fit FerretDB 1.x (from its source: appendToStream, storage, consumers). */
export const EMMETT_FINDINGS = [
  'Its append needs NO multi-document transaction: one findOne by streamName, then one updateOne(upsert) with filter ' +
    '{streamName, metadata.streamPosition: expected}, $push/$each of the events and $set of the position, relying on a unique index on streamName. ' +
    'Latest release 0.42.4 declares peer mongodb ^6.10 (ours: 6.22); the 0.43 betas want mongodb ^7.2.',
  'On FerretDB 1.x it can run single-writer appends, but it is not safe there: its optimistic concurrency needs the conditional ' +
    'update to be atomic, and FerretDB 1.x applies updates as read-then-write-by-_id, so two writers that read the same version can both ' +
    'succeed and the later write silently overwrites the other\'s events (lost events, no error). Only an insert on a unique index is atomic on FerretDB 1.x.',
  'Its consumers and async projections read MongoDB change streams (db.watch, resume tokens), which FerretDB does not have: only inline ' +
    'projections would work. Every append also filters on streamName, not _id: a collection scan on FerretDB SQLite, a Seq Scan on its PostgreSQL backend; ' +
    'and each append rewrites the whole stream document (one document per stream, 16 MiB cap).',
  'Verdict: usable against a real MongoDB replica set (MONGODB_URI); not a correct choice on FerretDB 1.x beyond one writer per stream.',
];

async function loadEmmett(): Promise<EmmettModule | undefined> {
  try {
    const specifier: string = PACKAGE;
    return (await import(specifier)) as unknown as EmmettModule;
  } catch {
    return undefined;
  }
}

async function runCase(ctx: TargetContext, emmett: EmmettModule, db: Db, eventsPerCommit: number, writers: number): Promise<Row> {
  const { append } = ctx.config;
  const uri = new URL(ctx.target.uri);
  uri.pathname = `/${db.databaseName}`;
  const client = new MongoClient(uri.toString());
  await client.connect();
  try {
    const store = emmett.getMongoDBEventStore({ client });
    const versions = new Array<bigint>(writers).fill(0n);
    const events = () => Array.from({ length: eventsPerCommit }, () => ({ type: 'PointsEarned', data: samplePayload(10) }));
    const emmettVariant: Variant = {
      name: 'emmett',
      op: async (w) => {
        const result = await store.appendToStream(`account:${w}`, events(), { expectedStreamVersion: versions[w] as bigint });
        versions[w] = result.nextExpectedStreamVersion;
      },
    };
    // Baseline: one insertOne of a document holding the same events (our commit shape).
    const template = commitDocument('raw', 0, eventsPerCommit);
    const results = await sideBySide([emmettVariant, ...rawVariants(db, template, 'raw').slice(0, 1)], {
      writers,
      perWorker: append.perWorker[writers] ?? 1,
      rounds: append.rounds,
      warmupPerWorker: append.warmupPerWorker,
    });
    const e = results.get('emmett')?.perSecond as number;
    const r = results.get('raw')?.perSecond as number;
    return { case: `${eventsPerCommit} ev/append, ${writers} writer(s)`, target: ctx.target.name, 'emmett appends/s': e, 'raw insertOne/s': r, 'emmett/raw': e / r };
  } finally {
    await client.close();
  }
}

export const emmettComparison: Section = {
  key: 'emmett',
  title: `The same append workload through ${PACKAGE} (optional)`,
  columns: ['case', 'target', 'emmett appends/s', 'raw insertOne/s', 'emmett/raw'],
  legend: EMMETT_FINDINGS,
  async run(ctx) {
    const emmett = await loadEmmett();
    if (!emmett) {
      return { rows: [], notes: [`${ctx.target.name}: NOT RUN: ${PACKAGE} is not installed (optional; install it with its peer @event-driven-io/emmett and rerun to fill this table).`] };
    }
    const rows: Row[] = [];
    for (const { eventsPerCommit, writers } of appendCases(ctx.config.append.writers)) {
      ctx.log(`emmett: ${eventsPerCommit} event(s) per append, ${writers} writer(s)`);
      rows.push(await ctx.withDatabase(`emmett_${eventsPerCommit}_${writers}`, (db) => runCase(ctx, emmett, db, eventsPerCommit, writers)));
    }
    return { rows, notes: [] };
  },
};
