// Read-side benchmark: `npx tsx bench/read-side.ts [--quick]`.
// Measures, in one run against one server: the raw append rate of the order workload (8 writers),
// projection throughput draining a backlog, projection lag (p50/p99, per event and view) under a
// sustained append rate, and the time to rebuild views from the event store at 10,000 and
// 100,000 events. Starts a throw-away FerretDB (SQLite) unless MONGODB_URI names a server.
// Prints a table; writes the figures to bench/results/read-side.json (--quick: read-side.quick.json).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { MongoClient, type Db } from 'mongodb';
import { pino } from 'pino';
import { EventStore, type AppendOptions, type ExpectedVersion, type NewEvent } from '../shared/platform/event-store';
import { EVENT_STORE_COLLECTIONS } from '../shared/platform/event-store/event-store-collections';
import { commitIdAfter, type CommitDocument } from '../shared/platform/event-store/commit-document';
import type { EventEnvelope } from '../shared/platform/event-store/event-envelope';
import { OUTBOX_COLLECTIONS } from '../shared/platform/outbox/outbox-collections';
import { ALL_VIEWS, VIEW_NAMES } from '../shared/domain/view-catalog';
import { PROJECTIONS_SUBSCRIBER, type ViewName } from '../shared/platform/projections/projection-view';
import { Projector } from '../shared/platform/projections/view-projector';
import { ViewRebuilder } from '../shared/platform/projections/view-rebuilder';
import { runOrderWorkload, type EventAppender } from '../test/support/order-workload';
import { percentile } from './latency-summary';
import { startFerretDb, type RunningServer } from '../test/support/servers';

const QUICK = process.argv.includes('--quick');
const CONFIG = QUICK
  ? { writers: 8, backlogPerWriter: 25, sustainedSeconds: 15, rebuildSizes: [2_000] }
  : { writers: 8, backlogPerWriter: 50, sustainedSeconds: 60, rebuildSizes: [10_000, 100_000] };
const SETTLE_MS = 1_000;
const RELAY = { pollIntervalMs: 50 };
const quiet = pino({ level: 'silent' });

interface Row { readonly metric: string; readonly value: string; readonly note: string }
const rows: Row[] = [];
const figures: Record<string, unknown> = {};
const log = (message: string) => process.stderr.write(`[read-side bench] ${message}\n`);
const seconds = (ms: number) => ms / 1000;
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function record(key: string, metric: string, value: number, unit: string, note = '', digits = 1): void {
  figures[key] = value;
  rows.push({ metric, value: `${fmt(value, digits)} ${unit}`, note });
}

async function until(check: () => Promise<boolean>, pollMs = 200): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, pollMs));
}

/** No commit waits for fan-out and no projection delivery is due or pending. */
async function idle(writeDb: Db): Promise<boolean> {
  if ((await writeDb.collection(EVENT_STORE_COLLECTIONS.pending).countDocuments({})) > 0) return false;
  return (await writeDb.collection(OUTBOX_COLLECTIONS.deliveries).countDocuments({ subscriber: PROJECTIONS_SUBSCRIBER })) === 0;
}

function databases(client: MongoClient, label: string): { writeDb: Db; readDb: Db; drop(): Promise<void> } {
  const tag = `${label}_${randomUUID().slice(0, 6)}`;
  const writeDb = client.db(`bench_rs_${tag}`);
  const readDb = client.db(`bench_rs_${tag}_read`);
  return { writeDb, readDb, drop: async () => { await writeDb.dropDatabase(); await readDb.dropDatabase(); } };
}

/** A projector whose views have been bootstrapped on an empty store (so a measurement sees no rebuild). */
async function readyProjector(writeDb: Db, readDb: Db, onApplied?: (view: ViewName, event: EventEnvelope) => void): Promise<Projector> {
  const projector = new Projector({ views: ALL_VIEWS, writeDb, readDb, settleMs: SETTLE_MS, relay: RELAY, logger: quiet, ...(onApplied ? { onApplied } : {}) });
  await projector.prepare();
  await (await projector.bootstrap()).finished;
  projector.relay.start();
  return projector;
}

async function runWriters(appender: EventAppender, perWriter: number, offset = 0): Promise<number> {
  const counts = await Promise.all(Array.from({ length: CONFIG.writers }, (_, w) =>
    runOrderWorkload(appender, { writer: offset + w, events: perWriter, sharedCustomers: 50, sharedSkus: 20 })));
  return counts.reduce((a, b) => a + b, 0);
}

/** 1. Raw append rate, then 2. projection throughput draining that backlog. */
async function appendAndDrain(client: MongoClient): Promise<number> {
  const { writeDb, readDb, drop } = databases(client, 'drain');
  try {
    const store = new EventStore(writeDb);
    await store.ensureIndexes();
    // Views bootstrapped on the empty store, then the projector stops: the appends build a backlog.
    await (await readyProjector(writeDb, readDb)).stop();
    log(`appending ${CONFIG.writers} x ${CONFIG.backlogPerWriter} events, no projector running`);
    const t0 = performance.now();
    const events = await runWriters(store, CONFIG.backlogPerWriter);
    const appendMs = performance.now() - t0;
    const appendRate = events / seconds(appendMs);
    record('appendEventsPerSecond', `raw append rate (order workload, ${CONFIG.writers} writers, EventStore.append)`, appendRate, 'events/s', `${events} events in ${fmt(seconds(appendMs))} s`);

    let applied = 0;
    const projector = new Projector({ views: ALL_VIEWS, writeDb, readDb, settleMs: SETTLE_MS, relay: RELAY, logger: quiet, onApplied: () => { applied += 1; } });
    log('draining the backlog');
    const t1 = performance.now();
    await projector.start({ bootstrap: false });
    await until(() => idle(writeDb));
    const drainMs = performance.now() - t1;
    await projector.stop();
    record('projectionEventsPerSecond', 'projection throughput (backlog drained, all 5 views)', events / seconds(drainMs), 'events/s', `${events} events in ${fmt(seconds(drainMs))} s`);
    record('projectionViewAppliesPerSecond', '  same, counted per view an event was applied to', applied / seconds(drainMs), 'applies/s', `${applied} view applies (${fmt(applied / events, 2)} views per event)`);
    return appendRate;
  } finally {
    await drop();
  }
}

/** 3. Lag under a sustained append rate below what the projector drains. */
async function sustained(client: MongoClient, rate: number): Promise<void> {
  const { writeDb, readDb, drop } = databases(client, 'lag');
  try {
    const store = new EventStore(writeDb);
    await store.ensureIndexes();
    const lags: number[] = [];
    const projector = await readyProjector(writeDb, readDb, (_view, event) => lags.push(Date.now() - event.timestamp.getTime()));
    const total = Math.round(rate * CONFIG.sustainedSeconds);
    log(`appending ${total} events at ${fmt(rate)} events/s with the projector running`);
    let sent = 0;
    const t0 = performance.now();
    const paced: EventAppender = {
      async append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[], options: AppendOptions) {
        const due = t0 + (sent / rate) * 1000;
        sent += events.length;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        return store.append(streamId, expected, events, options);
      },
    };
    const appended = await runWriters(paced, Math.ceil(total / CONFIG.writers), 100);
    const appendMs = performance.now() - t0;
    await until(() => idle(writeDb));
    const drainedMs = performance.now() - t0 - appendMs;
    await projector.stop();
    const sorted = [...lags].sort((a, b) => a - b);
    const achieved = appended / seconds(appendMs);
    figures.sustained = { targetRate: rate, achievedRate: achieved, events: appended, viewApplies: lags.length };
    record('sustainedAppendRate', 'sustained append rate offered', achieved, 'events/s', `target ${fmt(rate)}/s, ${appended} events over ${fmt(seconds(appendMs))} s`);
    record('lagP50Ms', '  projection lag p50 (event timestamp -> applied, per view)', percentile(sorted, 50), 'ms', `${lags.length} view applies`, 0);
    record('lagP99Ms', '  projection lag p99', percentile(sorted, 99), 'ms', '', 0);
    record('lagMaxMs', '  projection lag max', sorted.at(-1) ?? Number.NaN, 'ms', '', 0);
    record('drainAfterLastAppendMs', '  caught up after the last append', drainedMs, 'ms', '', 0);
  } finally {
    await drop();
  }
}

/** Writes the workload's commits straight into the commit collection, in the store's format (fast seeding for rebuilds). */
class BulkCommitLoader implements EventAppender {
  private readonly versions = new Map<string, number>();
  private readonly buffer: CommitDocument[] = [];
  private readonly start = Date.now() - 24 * 3600_000;
  private commits = 0;

  constructor(private readonly db: Db) {}

  async append(streamId: string, _expected: ExpectedVersion, events: readonly NewEvent[], options: AppendOptions): Promise<{ lastVersion: number }> {
    const head = this.versions.get(streamId) ?? 0;
    const committedAt = new Date(this.start + this.commits++);
    const envelopes: EventEnvelope[] = events.map((e, i) => ({
      type: e.type, eventId: randomUUID(), correlationId: options.correlationId, causationId: options.correlationId,
      streamId, version: head + i + 1, timestamp: committedAt, schemaVersion: 1, payload: e.payload,
    }));
    this.buffer.push({ _id: commitIdAfter(streamId, head), streamId, firstVersion: head + 1, lastVersion: head + events.length, events: envelopes, correlationId: options.correlationId, committedAt });
    this.versions.set(streamId, head + events.length);
    if (this.buffer.length >= 1_000) await this.flush();
    return { lastVersion: head + events.length };
  }

  async flush(): Promise<void> {
    const batch = this.buffer.splice(0);
    if (batch.length > 0) await this.db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits).insertMany(batch, { ordered: false });
  }

  get commitCount(): number {
    return this.commits;
  }
}

/** 4. Rebuild of every view from a store of `size` events. */
async function rebuilds(client: MongoClient, size: number): Promise<void> {
  const { writeDb, readDb, drop } = databases(client, `rebuild${size}`);
  try {
    log(`seeding ${size} events (bulk insert of commit documents in the store's format)`);
    const loader = new BulkCommitLoader(writeDb);
    const perWriter = Math.ceil(size / CONFIG.writers);
    for (let w = 0; w < CONFIG.writers; w += 1) {
      await runOrderWorkload(loader, { writer: w, events: Math.min(perWriter, size - w * perWriter), sharedCustomers: 500, sharedSkus: 50 });
    }
    await loader.flush();
    const rebuilder = new ViewRebuilder({ views: ALL_VIEWS, writeDb, readDb, settleMs: SETTLE_MS, logger: quiet });
    const label = size.toLocaleString('en-US');
    let aloneMs: number | undefined;
    if (size <= 10_000) {
      log(`rebuilding order-summary alone from ${label} events`);
      const t = performance.now();
      const [alone] = await rebuilder.rebuild(['order-summary'], 'bench');
      aloneMs = performance.now() - t;
      record(`rebuild${size}_orderSummary`, `rebuild order-summary from ${label} events`, seconds(aloneMs), 's', `${alone?.eventsApplied ?? 0} events applied, ${alone?.documentsWritten ?? 0} documents written`);
    }
    log(`rebuilding all five views in one pass from ${label} events`);
    const t0 = performance.now();
    const jobs = await rebuilder.rebuild(VIEW_NAMES, 'bench');
    const allMs = performance.now() - t0;
    const documents = jobs.reduce((n, j) => n + j.documentsWritten, 0);
    record(`rebuild${size}_all`, `rebuild all five views (one pass) from ${label} events`, seconds(allMs), 's', `${loader.commitCount} commits, ${documents} documents written`);
    figures[`rebuild${size}`] = { events: size, commits: loader.commitCount, orderSummaryMs: aloneMs, allViewsMs: allMs, jobs: jobs.map((j) => ({ view: j.view, eventsApplied: j.eventsApplied, documentsWritten: j.documentsWritten })) };
  } finally {
    await drop();
  }
}

let server: RunningServer | undefined;
const uri = process.env.MONGODB_URI ?? (server = await startFerretDb()).address;
const client = new MongoClient(uri);
await client.connect();
try {
  const appendRate = await appendAndDrain(client);
  const drainRate = figures.projectionEventsPerSecond as number;
  await sustained(client, Math.max(1, Math.min(appendRate, drainRate) / 2));
  for (const size of CONFIG.rebuildSizes) await rebuilds(client, size);
} finally {
  await client.close();
  await server?.stop();
}

const width = Math.max(...rows.map((r) => r.metric.length));
const valueWidth = Math.max(...rows.map((r) => r.value.length));
console.log(`\nRead side on ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB 1.24 (SQLite)'}, ${cpus().length} cores${QUICK ? ' (--quick)' : ''}\n`);
console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(valueWidth)}  note`);
for (const r of rows) console.log(`${r.metric.padEnd(width)}  ${r.value.padStart(valueWidth)}  ${r.note}`);
const file = new URL(`./results/read-side${QUICK ? '.quick' : ''}.json`, import.meta.url).pathname;
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) }, server: process.env.MONGODB_URI ? 'MONGODB_URI' : 'ferretdb-sqlite', config: CONFIG, figures, rows }, null, 2)}\n`);
console.log(`\nwritten to ${file}`);
