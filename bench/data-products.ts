// OLTP vs OLAP benchmark: `npx tsx bench/data-products.ts [--orders N] [--quick]`.
// Fills the event store with N confirmed orders (default 100,000; --quick: 10,000) spread over the
// last 90 days, builds the ordering.sales data product from it, then answers the same analytical
// question, "sales by state per day for the last 90 days", from the analytical port (DuckDB over
// the Parquet files) and from the operational store (the event store, the OLTP source of truth:
// one cursor over every commit, folded in JavaScript; and per-stream reads, as GET /analytics/leads
// used to do, timed on a sample), in one run, and checks that the answers agree.
// Starts a throw-away FerretDB (SQLite) unless MONGODB_URI names a server.
// Prints a table; writes the figures to bench/results/data-products.json (--quick: data-products.quick.json).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { pino } from 'pino';
import { personalFieldsOfMessage } from '../shared/domain/data-product-catalog';
import { publicMessageCatalogue } from '../shared/domain/message-catalog';
import { salesDataProduct } from '../shared/domain/ordering/data-products/sales-data-product';
import { salesByState } from '../shared/domain/ordering/data-products/sales-queries';
import type { OrderPlacedPayload } from '../shared/domain/ordering/order/order-events';
import { DataProductCatalogue } from '../shared/platform/data-products/data-product-catalogue';
import { DataProductRuntime } from '../shared/platform/data-products/data-product-runtime';
import { DataProductPorts } from '../shared/platform/data-products/port-reader';
import { EventStore } from '../shared/platform/event-store';
import { commitIdAfter, type CommitDocument } from '../shared/platform/event-store/commit-document';
import type { EventEnvelope } from '../shared/platform/event-store/event-envelope';
import { EVENT_STORE_COLLECTIONS } from '../shared/platform/event-store/event-store-collections';
import { ensureOutboxIndexes } from '../shared/platform/outbox/outbox-collections';
import { startFerretDb, type RunningServer } from '../test/support/servers';

const QUICK = process.argv.includes('--quick');
const ordersArg = process.argv.indexOf('--orders');
const ORDERS = ordersArg > 0 ? Number(process.argv[ordersArg + 1]) : QUICK ? 10_000 : 100_000;
const DAYS = 90;
const CANCELLED_EVERY = 50; // 2% of the orders are cancelled after confirmation
const STREAM_SAMPLE = QUICK ? 500 : 2_000;
const WARM_RUNS = 5;
const SETTLE_MS = 200;
const DAY_MS = 86_400_000;
const STATES = ['CA', 'TX', 'NY', 'FL', 'IL', 'PA', 'OH', 'GA', 'NC', 'MI', 'AZ', 'WA'] as const;

const log = (message: string) => process.stderr.write(`[data-products bench] ${message}\n`);
const figures: Record<string, unknown> = {};
const rows: { metric: string; value: string; note: string }[] = [];
function record(key: string, metric: string, value: number, unit: string, note = '', digits = 2): void {
  figures[key] = value;
  rows.push({ metric, value: `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`, note });
}
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await work();
  return { ms: performance.now() - t, value };
}

/** Deterministic pseudo-random numbers, so every run fills the same orders. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Commit documents in the store's own format, written in bulk (the store's append is measured by bench/event-store.ts). */
async function fill(db: Db, orders: number): Promise<void> {
  const next = random(42);
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const committedFrom = Date.now() - 2 * orders - 60_000; // all settled: older than readAll's settle window
  let commits = 0;
  let batch: CommitDocument[] = [];
  const flush = async () => {
    if (batch.length > 0) await db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits).insertMany(batch, { ordered: false });
    batch = [];
  };
  const commit = (streamId: string, after: number, events: Omit<EventEnvelope, 'streamId' | 'eventId' | 'correlationId' | 'causationId' | 'schemaVersion'>[]) => {
    const committedAt = new Date(committedFrom + commits++);
    batch.push({
      _id: commitIdAfter(streamId, after),
      streamId,
      firstVersion: after + 1,
      lastVersion: after + events.length,
      events: events.map((e) => ({ ...e, streamId, eventId: randomUUID(), correlationId: 'bench', causationId: 'bench', schemaVersion: 1 })),
      correlationId: 'bench',
      committedAt,
    });
  };
  for (let i = 0; i < orders; i += 1) {
    const orderId = `bench-${i}`;
    const at = new Date(today - Math.floor(next() * DAYS) * DAY_MS + Math.floor(next() * DAY_MS));
    const quantity = 1 + Math.floor(next() * 3);
    const unitPriceCents = 500 + Math.floor(next() * 20_000);
    const totalCents = quantity * unitPriceCents;
    const state = STATES[Math.floor(next() * STATES.length)] as string;
    const customerId = `cus_${Math.floor(next() * 20_000)}`;
    const placed: OrderPlacedPayload = {
      orderId, customerId, totalCents, currency: 'USD',
      lines: [{ sku: 'WIDGET', quantity, unitPriceCents, lineTotalCents: totalCents }],
      shippingAddress: { name: 'Bench Buyer', line1: '1 Main St', city: 'Springfield', state, zip: '10001' },
    };
    commit(`order-${orderId}`, 0, [
      { type: 'order-placed', version: 1, timestamp: at, payload: placed },
      { type: 'order-confirmed', version: 2, timestamp: new Date(at.getTime() + 1_000), payload: { orderId, customerId, totalCents, currency: 'USD' } },
    ]);
    if (i % CANCELLED_EVERY === 0) commit(`order-${orderId}`, 2, [{ type: 'order-cancelled', version: 3, timestamp: new Date(at.getTime() + 60_000), payload: { orderId, reason: 'changed my mind' } }]);
    if (batch.length >= 1_000) await flush();
    if (i > 0 && i % 20_000 === 0) log(`  ${i.toLocaleString('en-US')} orders`);
  }
  await flush();
  figures.commits = commits;
}

type Answer = Map<string, { orders: number; amountCents: number }>;
const keyOf = (day: string, state: string) => `${day}|${state}`;

/** The question from the operational store: every commit in one cursor, folded per order, then grouped. */
async function fromEventStoreScan(store: EventStore, from: string, to: string): Promise<Answer> {
  const orders = new Map<string, { state?: string; day?: string; cents?: number; cancelled?: boolean }>();
  for await (const page of store.readAllPages({ pageSize: 5_000 })) {
    for (const e of page.events) {
      if (!e.streamId.startsWith('order-')) continue;
      const o = orders.get(e.streamId) ?? {};
      if (e.type === 'order-placed') o.state = (e.payload as OrderPlacedPayload).shippingAddress.state;
      if (e.type === 'order-confirmed') {
        o.day = e.timestamp.toISOString().slice(0, 10);
        o.cents = (e.payload as { totalCents: number }).totalCents;
      }
      if (e.type === 'order-cancelled') o.cancelled = true;
      orders.set(e.streamId, o);
    }
  }
  return group(orders.values(), from, to);
}

/** The same from per-stream reads (what GET /analytics/leads did for leads): every order stream by its id. */
async function fromStreams(store: EventStore, streamIds: readonly string[], from: string, to: string): Promise<Answer> {
  const orders: { state?: string; day?: string; cents?: number; cancelled?: boolean }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < streamIds.length) {
      const events = await store.readStream(streamIds[next++] as string);
      const o: { state?: string; day?: string; cents?: number; cancelled?: boolean } = {};
      for (const e of events) {
        if (e.type === 'order-placed') o.state = (e.payload as OrderPlacedPayload).shippingAddress.state;
        if (e.type === 'order-confirmed') {
          o.day = e.timestamp.toISOString().slice(0, 10);
          o.cents = (e.payload as { totalCents: number }).totalCents;
        }
        if (e.type === 'order-cancelled') o.cancelled = true;
      }
      orders.push(o);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return group(orders, from, to);
}

function group(orders: Iterable<{ state?: string; day?: string; cents?: number; cancelled?: boolean }>, from: string, to: string): Answer {
  const answer: Answer = new Map();
  for (const o of orders) {
    if (!o.day || !o.state || o.cancelled || o.day < from || o.day > to) continue;
    const k = keyOf(o.day, o.state);
    const cell = answer.get(k) ?? { orders: 0, amountCents: 0 };
    cell.orders += 1;
    cell.amountCents += o.cents ?? 0;
    answer.set(k, cell);
  }
  return answer;
}

function sameAnswer(a: Answer, b: Answer): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.orders !== v.orders || w.amountCents !== v.amountCents) return false;
  }
  return true;
}

function sizeOf(path: string): number {
  const info = statSync(path);
  return info.isDirectory() ? readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0) : info.size;
}

let server: RunningServer | undefined;
const uri = process.env.MONGODB_URI ?? (server = await startFerretDb()).address;
const client = new MongoClient(uri);
await client.connect();
const db = client.db(`bench_dp_${randomUUID().slice(0, 6)}`);
const folder = mkdtempSync(join(tmpdir(), 'bench-data-products-'));
try {
  const store = new EventStore(db, { readAllSettleMs: SETTLE_MS });
  await store.ensureIndexes();
  await ensureOutboxIndexes(db);
  log(`filling ${ORDERS.toLocaleString('en-US')} confirmed orders over ${DAYS} days (1 in ${CANCELLED_EVERY} cancelled later)`);
  const filled = await timed(() => fill(db, ORDERS));
  record('fillSeconds', 'fill the event store (bulk insert of commits)', filled.ms / 1000, 's', `${ORDERS.toLocaleString('en-US')} orders, ${(figures.commits as number).toLocaleString('en-US')} commits`, 1);

  log('building ordering.sales from the event store');
  const runtime = new DataProductRuntime({
    catalogue: new DataProductCatalogue([salesDataProduct], personalFieldsOfMessage),
    messages: publicMessageCatalogue,
    db,
    store,
    portsDirectory: join(folder, 'ports'),
    warehouseFile: join(folder, 'warehouse.duckdb'),
    pseudonymisationKey: Buffer.alloc(32, 3),
    settleMs: SETTLE_MS,
    registrationGraceMs: 0,
    refreshMs: 60_000,
    logger: pino({ level: process.env.BENCH_LOG ?? 'silent' }, pino.destination(2)),
  });
  const built = await timed(() => runtime.start());
  await runtime.stop();
  record('buildSeconds', 'build the data product from the event store (replay, DuckDB, Parquet)', built.ms / 1000, 's', `${(runtime.status('ordering.sales')?.rows ?? 0).toLocaleString('en-US')} rows`, 1);
  figures.parquetBytes = sizeOf(join(folder, 'ports'));
  figures.warehouseBytes = sizeOf(join(folder, 'warehouse.duckdb'));

  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.parse(to) - (DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const parameters = salesByState.parameters.parse({ from, to, groupBy: 'day' });
  const toAnswer = (result: readonly Record<string, unknown>[]): Answer =>
    new Map(result.map((r) => [keyOf(r.period as string, r.state as string), { orders: r.orders as number, amountCents: r.amountCents as number }]));

  log('the question from the analytical port');
  const ports = new DataProductPorts(join(folder, 'ports'), new DataProductCatalogue([salesDataProduct], personalFieldsOfMessage));
  const cold = await timed(() => ports.query(salesDataProduct, salesByState, parameters));
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i += 1) warm.push((await timed(() => ports.query(salesDataProduct, salesByState, parameters))).ms);
  ports.close();
  const analytical = toAnswer(cold.value.rows);

  log('the question from the operational store: one cursor over every commit');
  const scans: number[] = [];
  let operational: Answer = new Map();
  for (let i = 0; i < (QUICK ? 1 : 2); i += 1) {
    const scan = await timed(() => fromEventStoreScan(store, from, to));
    scans.push(scan.ms);
    operational = scan.value;
  }

  log(`the question from per-stream reads, on a sample of ${STREAM_SAMPLE.toLocaleString('en-US')} orders`);
  const sampleIds = Array.from({ length: STREAM_SAMPLE }, (_, i) => `order-bench-${Math.floor((i * ORDERS) / STREAM_SAMPLE)}`);
  const sampled = await timed(() => fromStreams(store, sampleIds, from, to));
  const perStreamProjected = (sampled.ms / STREAM_SAMPLE) * ORDERS;

  const agree = sameAnswer(analytical, operational);
  figures.answersAgree = agree;
  figures.answerCells = analytical.size;
  const coldMs = cold.ms;
  const warmMs = median(warm);
  const scanMs = median(scans);
  record('portColdMs', 'analytical port, first query (loads and checks the Parquet files)', coldMs, 'ms', `${analytical.size} (day, state) rows`, 0);
  record('portWarmMs', `analytical port, later queries (median of ${WARM_RUNS})`, warmMs, 'ms', '', 1);
  record('storeScanMs', 'operational store, one cursor over every commit + fold', scanMs, 'ms', `median of ${scans.length}`, 0);
  record('perStreamProjectedMs', 'operational store, one read per order stream (projected)', perStreamProjected, 'ms', `${STREAM_SAMPLE.toLocaleString('en-US')} streams read in ${(sampled.ms / 1000).toFixed(1)} s, x ${(ORDERS / STREAM_SAMPLE).toFixed(0)}`, 0);
  record('ratioScanToWarm', 'operational scan / analytical port (warm)', scanMs / warmMs, 'x', agree ? 'answers agree' : 'ANSWERS DIFFER', 0);
  record('ratioScanToCold', 'operational scan / analytical port (cold)', scanMs / coldMs, 'x', '', 1);
  record('parquetMb', 'Parquet files of ordering.sales', (figures.parquetBytes as number) / 2 ** 20, 'MiB', `${readdirSync(join(folder, 'ports', 'ordering.sales', 'v1')).filter((f) => f.startsWith('day=')).length} day partitions`, 1);
  if (!agree) process.exitCode = 1;
} finally {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r.metric.length));
const valueWidth = Math.max(...rows.map((r) => r.value.length));
console.log(`\nOLTP vs OLAP: "sales by state per day, last ${DAYS} days" over ${ORDERS.toLocaleString('en-US')} orders, ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'FerretDB 1.24 (SQLite)'}, ${cpus().length} cores${QUICK ? ' (--quick)' : ''}\n`);
console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(valueWidth)}  note`);
for (const r of rows) console.log(`${r.metric.padEnd(width)}  ${r.value.padStart(valueWidth)}  ${r.note}`);
const file = new URL(`./results/data-products${QUICK ? '.quick' : ''}.json`, import.meta.url).pathname;
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) }, server: process.env.MONGODB_URI ? 'MONGODB_URI' : 'ferretdb-sqlite', config: { orders: ORDERS, days: DAYS, cancelledEvery: CANCELLED_EVERY, streamSample: STREAM_SAMPLE, warmRuns: WARM_RUNS }, figures, rows }, null, 2)}\n`);
console.log(`\nwritten to ${file}`);
