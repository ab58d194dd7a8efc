// Read-side benchmark: `npx tsx bench/read-side.ts [--quick]`, FerretDB SQLite by default,
// `FERRETDB_BACKEND=postgresql` for FerretDB on PostgreSQL, or MONGODB_URI for a server of yours.
// `--only=drain|lag|rebuild` runs one part (the lag part measures the append rate first); the projector's
// and the rebuild's commands are logged by time.
// Measures, in one run against one server: the append rate of the order workload (8 writers),
// projection throughput draining that backlog, projection lag at half the append rate, and
// rebuilds of 10,000 and 100,000 events; beside each figure, the commands the projector (or the
// rebuild) sent to the server per applied event. Prints a table; writes
// bench/results/read-side.<backend>.json (--quick: read-side.<backend>.quick.json).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { MongoClient, type Db } from 'mongodb';
import { pino } from 'pino';
import { EventStore, type AppendOptions, type ExpectedVersion, type NewEvent } from '../shared/platform/event-store';
import { CommitFeed } from '../shared/platform/event-store/commit-feed';
import { EVENT_STORE_COLLECTIONS } from '../shared/platform/event-store/event-store-collections';
import type { EventEnvelope } from '../shared/platform/event-store/event-envelope';
import { OUTBOX_COLLECTIONS } from '../shared/platform/outbox/outbox-collections';
import { ALL_VIEWS, VIEW_NAMES } from '../shared/domain/view-catalog';
import { PROJECTIONS_SUBSCRIBER, type ViewName } from '../shared/platform/projections/projection-view';
import { Projector } from '../shared/platform/projections/view-projector';
import { ViewRebuilder } from '../shared/platform/projections/view-rebuilder';
import { runOrderWorkload, type EventAppender } from '../test/support/order-workload';
import { CommandLog, totalCalls, type CommandStat } from './event-store/command-log';
import { CpuMeter, type CpuSpent } from './cpu-meter';
import { percentile } from './latency-summary';
import { BulkCommitLoader } from './read-side/bulk-loader';
import { startTarget } from './read-side/target';

const QUICK = process.argv.includes('--quick');
/** `--only=drain` (append rate and drain), `--only=lag` or `--only=rebuild`: one part, for profiling; results go to read-side.<backend>.<part>.json. */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
if (ONLY !== undefined && !['drain', 'lag', 'rebuild'].includes(ONLY)) throw new Error(`--only takes drain, lag or rebuild, not ${JSON.stringify(ONLY)}`);
const runs = (part: 'drain' | 'lag' | 'rebuild') => ONLY === undefined || ONLY === part;
const CONFIG = QUICK
  ? { writers: 8, backlogPerWriter: 100, sustainedSeconds: 15, rebuildSizes: [5_000] }
  : { writers: 8, backlogPerWriter: 500, sustainedSeconds: 60, rebuildSizes: [10_000, 100_000] };
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

async function until(check: () => Promise<boolean> | boolean, pollMs = 50): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, pollMs));
}

/** No commit waits for fan-out and no projection delivery is due or pending. */
async function idle(writeDb: Db): Promise<boolean> {
  if ((await writeDb.collection(EVENT_STORE_COLLECTIONS.pending).countDocuments({})) > 0) return false;
  return (await writeDb.collection(OUTBOX_COLLECTIONS.deliveries).countDocuments({ subscriber: PROJECTIONS_SUBSCRIBER })) === 0;
}

/** One client per role, so each role's commands are counted apart (the writers', the projector's, the rebuild's). */
class Clients {
  readonly writers: MongoClient;
  readonly projector: MongoClient;
  readonly commands: CommandLog;

  constructor(uri: string) {
    this.writers = new MongoClient(uri);
    this.projector = new MongoClient(uri, { monitorCommands: true });
    this.commands = new CommandLog(this.projector);
  }

  async connect(): Promise<void> {
    await Promise.all([this.writers.connect(), this.projector.connect()]);
  }

  /** Fresh databases, seen by the writers (`writeDb`) and by the projector or rebuild (`projected`). */
  databases(label: string): { writeDb: Db; projected: { writeDb: Db; readDb: Db }; drop(): Promise<void> } {
    const tag = `${label}_${randomUUID().slice(0, 6)}`;
    const [write, read] = [`bench_rs_${tag}`, `bench_rs_${tag}_read`];
    return {
      writeDb: this.writers.db(write),
      projected: { writeDb: this.projector.db(write), readDb: this.projector.db(read) },
      drop: async () => {
        await this.writers.db(write).dropDatabase();
        await this.writers.db(read).dropDatabase();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.writers.close(), this.projector.close()]);
  }
}

function projector(dbs: { writeDb: Db; readDb: Db }, onApplied?: (view: ViewName, event: EventEnvelope) => void): Projector {
  return new Projector({ views: ALL_VIEWS, ...dbs, logger: quiet, ...(onApplied ? { onApplied } : {}) });
}

/** Views bootstrapped on the empty store, so that a measurement sees no bootstrap rebuild. */
async function bootstrapOnEmptyStore(dbs: { writeDb: Db; readDb: Db }): Promise<void> {
  const p = projector(dbs);
  await p.prepare();
  await (await p.bootstrap()).finished;
}

async function runWriters(appender: EventAppender, perWriter: number, offset = 0): Promise<number> {
  const counts = await Promise.all(Array.from({ length: CONFIG.writers }, (_, w) =>
    runOrderWorkload(appender, { writer: offset + w, events: perWriter, sharedCustomers: 50, sharedSkus: 20 })));
  return counts.reduce((a, b) => a + b, 0);
}

/** The commands of a part by summed driver time, in the log: where its round trips go. */
const logCommands = (part: string, stats: readonly CommandStat[]) =>
  log(`${part} commands by time: ${stats.map((s) => `${s.command} x${s.calls} ${Math.round(s.totalMs)} ms`).join('; ')}`);
const perEvent = (spent: CpuSpent, events: number) => (spent.clientMs + spent.serverMs) / events;
const cpuNote = (spent: CpuSpent, events: number) => `client ${fmt(spent.clientMs / events, 2)} + server ${fmt(spent.serverMs / events, 2)} ms per event`;

/** 1. Append rate of the workload, then 2. projection throughput draining that backlog. */
async function appendAndDrain(clients: Clients, cpu: CpuMeter): Promise<number> {
  const { writeDb, projected, drop } = clients.databases('drain');
  try {
    const store = new EventStore(writeDb);
    await store.ensureIndexes();
    await bootstrapOnEmptyStore(projected);
    log(`appending ${CONFIG.writers} x ${CONFIG.backlogPerWriter} events, no projector running`);
    cpu.start();
    const t0 = performance.now();
    const events = await runWriters(store, CONFIG.backlogPerWriter);
    const appendMs = performance.now() - t0;
    const appendCpu = cpu.stop();
    const appendRate = events / seconds(appendMs);
    record('appendEventsPerSecond', `append rate (order workload, ${CONFIG.writers} writers, EventStore.append)`, appendRate, 'events/s', `${events} events in ${fmt(seconds(appendMs))} s`);

    const distinct = new Set<string>();
    let applies = 0;
    let lastNewAt = 0;
    const p = projector(projected, (_view, event) => {
      applies += 1;
      if (distinct.has(event.eventId)) return;
      distinct.add(event.eventId);
      lastNewAt = performance.now();
    });
    log('draining the backlog');
    clients.commands.start();
    cpu.start();
    const t1 = performance.now();
    await p.start({ bootstrap: false });
    await until(() => distinct.size >= events);
    const drainMs = lastNewAt - t1;
    const drainCpu = cpu.stop();
    const drainStats = clients.commands.stop();
    const commands = totalCalls(drainStats);
    logCommands('drain', drainStats);
    await until(() => idle(writeDb), 200);
    await p.stop();
    const drainRate = events / seconds(drainMs);
    record('projectionEventsPerSecond', `projection throughput, all ${VIEW_NAMES.length} views (backlog drained)`, drainRate, 'events/s', `${events} events in ${fmt(seconds(drainMs))} s; ${applies} view applies (${fmt(applies / events, 2)} views per event)`);
    record('projectionToAppendRatio', '  ratio to the append rate, same run', drainRate / appendRate, 'x', '', 2);
    record('drainCommandsPerEvent', '  commands the projector sent per applied event', commands / events, 'commands', `${commands} commands`, 2);
    // What each costs in CPU (client and server together): steadier than wall-clock rates on a shared
    // machine; their ratio is the projection/append ratio each would reach with the machine to itself.
    record('appendCpuMsPerEvent', 'CPU per appended event (writers + server)', perEvent(appendCpu, events), 'ms', cpuNote(appendCpu, events), 2);
    record('projectionCpuMsPerEvent', 'CPU per projected event (projector + server)', perEvent(drainCpu, events), 'ms', cpuNote(drainCpu, events), 2);
    record('cpuCostRatio', '  append CPU / projection CPU per event', perEvent(appendCpu, events) / perEvent(drainCpu, events), 'x', 'the throughput ratio at equal CPU', 2);
    return appendRate;
  } finally {
    await drop();
  }
}

/** 3. Lag at a sustained append rate: from the event's timestamp and from its commit, to the view's write. */
async function sustained(clients: Clients, rate: number): Promise<void> {
  const { writeDb, projected, drop } = clients.databases('lag');
  try {
    const store = new EventStore(writeDb);
    await store.ensureIndexes();
    await bootstrapOnEmptyStore(projected);
    const applied: { eventId: string; timestamp: number; at: number }[] = [];
    /** When the writer's append returned, per event: from then on a reader may expect the view to show it. */
    const acknowledgedAt = new Map<string, number>();
    const p = projector(projected, (_view, event) => applied.push({ eventId: event.eventId, timestamp: event.timestamp.getTime(), at: Date.now() }));
    await p.start({ bootstrap: false });
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
        const result = await store.append(streamId, expected, events, options);
        const at = Date.now();
        for (const e of result.events) acknowledgedAt.set(e.eventId, at);
        return result;
      },
    };
    clients.commands.start();
    const appended = await runWriters(paced, Math.ceil(total / CONFIG.writers), 100);
    const appendMs = performance.now() - t0;
    await until(() => new Set(applied.map((a) => a.eventId)).size >= appended, 200);
    const drainedMs = performance.now() - t0 - appendMs;
    const sustainedStats = clients.commands.stop();
    const commands = totalCalls(sustainedStats);
    logCommands('sustained', sustainedStats);
    await p.stop();
    const committedAt = new Map<string, number>();
    for await (const commit of new CommitFeed(writeDb).scanCommits()) for (const e of commit.events) committedAt.set(e.eventId, commit.committedAt.getTime());
    const fromEvent = applied.map((a) => a.at - a.timestamp);
    const fromCommit = applied.map((a) => a.at - (committedAt.get(a.eventId) ?? a.timestamp));
    const fromAcknowledged = applied.flatMap((a) => {
      const acknowledged = acknowledgedAt.get(a.eventId);
      return acknowledged === undefined ? [] : [a.at - acknowledged];
    });
    const achieved = appended / seconds(appendMs);
    figures.sustained = { targetRate: rate, achievedRate: achieved, events: appended, viewApplies: applied.length };
    record('sustainedAppendRate', 'sustained append rate offered (half the append rate)', achieved, 'events/s', `target ${fmt(rate)}/s, ${appended} events over ${fmt(seconds(appendMs))} s`);
    record('lagFromCommitP50Ms', '  projection lag p50, commit -> view written', percentile(fromCommit, 50), 'ms', `${applied.length} view applies; from the commit's committedAt, taken before the append's two inserts`, 0);
    record('lagFromCommitP99Ms', '  projection lag p99, commit -> view written', percentile(fromCommit, 99), 'ms', '', 0);
    record('lagFromCommitMaxMs', '  projection lag max, commit -> view written', Math.max(...fromCommit), 'ms', '', 0);
    record('lagFromAcknowledgedP50Ms', '  lag p50, append returned -> view written', percentile(fromAcknowledged, 50), 'ms', 'what a reader sees after its write returned (negative: the view was first)', 0);
    record('lagFromAcknowledgedP99Ms', '  lag p99, append returned -> view written', percentile(fromAcknowledged, 99), 'ms', '', 0);
    record('lagFromEventP50Ms', '  lag p50, event timestamp -> view written', percentile(fromEvent, 50), 'ms', 'includes the append itself (retries on shared streams)', 0);
    record('lagFromEventP99Ms', '  lag p99, event timestamp -> view written', percentile(fromEvent, 99), 'ms', '', 0);
    record('drainAfterLastAppendMs', '  caught up after the last append', drainedMs, 'ms', '', 0);
    record('sustainedCommandsPerEvent', '  commands the projector sent per applied event', commands / appended, 'commands', `${commands} commands (idle polls included)`, 2);
  } finally {
    await drop();
  }
}

/** 4. Rebuild of every view, in one pass, from a store of `size` events. */
async function rebuild(clients: Clients, cpu: CpuMeter, size: number): Promise<void> {
  const { writeDb, projected, drop } = clients.databases(`rebuild${size}`);
  try {
    log(`seeding ${size} events (bulk insert of commit documents in the store's format)`);
    const loader = new BulkCommitLoader(writeDb);
    const perWriter = Math.ceil(size / CONFIG.writers);
    for (let w = 0; w < CONFIG.writers; w += 1) {
      await runOrderWorkload(loader, { writer: w, events: Math.min(perWriter, size - w * perWriter), sharedCustomers: 500, sharedSkus: 50 });
    }
    await loader.flush();
    const label = size.toLocaleString('en-US');
    log(`rebuilding all ${VIEW_NAMES.length} views in one pass from ${label} events`);
    clients.commands.start();
    cpu.start();
    const t0 = performance.now();
    const phases: Record<string, number> = {};
    const onProgress = (job: { phase: string }) => (phases[job.phase] ??= Math.round(performance.now() - t0));
    const jobs = await new ViewRebuilder({ views: ALL_VIEWS, ...projected, logger: quiet, onProgress }).rebuild(VIEW_NAMES, 'bench');
    const ms = performance.now() - t0;
    log(`rebuild phases began at (ms): ${JSON.stringify(phases)}`);
    const rebuildCpu = cpu.stop();
    const rebuildStats = clients.commands.stop();
    const commands = totalCalls(rebuildStats);
    logCommands('rebuild', rebuildStats);
    const documents = jobs.reduce((n, j) => n + j.documentsWritten, 0);
    record(`rebuild${size}Seconds`, `rebuild all ${VIEW_NAMES.length} views (one pass) from ${label} events`, seconds(ms), 's', `${loader.commitCount} commits, ${documents} revisions written`);
    record(`rebuild${size}CpuMsPerEvent`, '  CPU per event (rebuild + server)', perEvent(rebuildCpu, size), 'ms', cpuNote(rebuildCpu, size), 3);
    record(`rebuild${size}CommandsPerEvent`, '  commands the rebuild sent per event', commands / size, 'commands', `${commands} commands`, 3);
    figures[`rebuild${size}`] = { events: size, commits: loader.commitCount, ms, phasesBeganAtMs: phases, commands, jobs: jobs.map((j) => ({ view: j.view, eventsApplied: j.eventsApplied, documentsWritten: j.documentsWritten })) };
  } finally {
    await drop();
  }
}

const target = await startTarget();
const clients = new Clients(target.uri);
const cpu = new CpuMeter(target.pids);
const load = loadavg()[0] ?? 0;
try {
  await clients.connect();
  if (runs('drain') || runs('lag')) {
    const appendRate = await appendAndDrain(clients, cpu);
    if (runs('lag')) await sustained(clients, appendRate / 2);
  }
  if (runs('rebuild')) for (const size of CONFIG.rebuildSizes) await rebuild(clients, cpu, size);
} finally {
  await clients.close();
  await target.stop();
}

const width = Math.max(...rows.map((r) => r.metric.length));
const valueWidth = Math.max(...rows.map((r) => r.value.length));
console.log(`\nRead side on ${target.description}, ${cpus().length} cores, load average ${fmt(load)} at start${QUICK ? ' (--quick)' : ''}\n`);
console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(valueWidth)}  note`);
for (const r of rows) console.log(`${r.metric.padEnd(width)}  ${r.value.padStart(valueWidth)}  ${r.note}`);
const file = new URL(`./results/read-side.${target.name}${QUICK ? '.quick' : ''}${ONLY ? `.${ONLY}` : ''}.json`, import.meta.url).pathname;
const machine = { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), loadAverageAtStart: load };
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, server: target.description, config: CONFIG, figures, rows }, null, 2)}\n`);
console.log(`\nwritten to ${file}`);
