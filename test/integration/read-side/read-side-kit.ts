import type { Db } from 'mongodb';
import { EventStore, type AppendOptions, type ExpectedVersion, type NewEvent } from '../../../shared/platform/event-store';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { EVENT_STORE_COLLECTIONS } from '../../../shared/platform/event-store/event-store-collections';
import { OUTBOX_COLLECTIONS } from '../../../shared/platform/outbox/outbox-collections';
import { ALL_VIEWS, PROJECTION_VIEWS, type CatalogViewName as ViewName } from '../../../shared/domain/view-catalog';
import { PROJECTIONS_SUBSCRIBER } from '../../../shared/platform/projections/projection-view';
import { MongoViewStore } from '../../../shared/platform/projections/mongo-view-store';
import { withoutBookkeeping, type ViewStore } from '../../../shared/platform/projections/view-store';
import { ViewPointers } from '../../../shared/platform/projections/view-pointers';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';
import type { EventAppender } from '../../support/order-workload';
import { Projector, type ProjectorOptions } from '../../../shared/platform/projections/view-projector';

/** Relay and rebuild settings for tests: short leases and quick retries. */
export const TEST_PROJECTOR: Omit<ProjectorOptions, 'writeDb' | 'readDb'> = {
  views: ALL_VIEWS,
  frozenWaitMs: 500,
  relay: { leaseMs: 10_000, minLeaseLeftMs: 2_000, batchSize: 16, leaseGraceMs: 100, pollIntervalMs: 20, backoff: { baseMs: 20, maxMs: 300 }, missingCommitRecheck: { baseMs: 20, maxMs: 200 } },
};

/** Every event of the store, in its global order (no settle window: call it once writers are done). */
export async function allEvents(writeDb: Db): Promise<EventEnvelope[]> {
  const store = new EventStore(writeDb, { readAllSettleMs: 0 });
  const events: EventEnvelope[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { after }), limit: 5_000 });
    events.push(...page.events);
    after = page.checkpoint;
    if (page.events.length < 5_000) return events;
  }
}

/** A view folded in memory from the given events: what the live view must equal. */
export async function foldView(view: ViewName, events: readonly EventEnvelope[]): Promise<unknown[]> {
  const store = new MemoryViewStore();
  const definition = PROJECTION_VIEWS[view];
  for (const e of events) if (definition.eventTypes.includes(e.type)) await definition.apply(store, e);
  return sortById(store.documents().map(withoutBookkeeping));
}

export async function activeCollection(readDb: Db, view: string): Promise<string> {
  const pointer = await new ViewPointers(readDb).get(view);
  if (!pointer) throw new Error(`view ${view} has no pointer`);
  return pointer.active;
}

/** The documents of a collection at their last revision, sorted by id; `raw` keeps the bookkeeping fields. */
export async function collectionContent(readDb: Db, collection: string, raw = false): Promise<unknown[]> {
  const docs = await MongoViewStore.open(readDb, collection).documents();
  return sortById(raw ? docs : docs.map(withoutBookkeeping));
}

export async function viewContent(readDb: Db, view: ViewName, raw = false): Promise<unknown[]> {
  return collectionContent(readDb, await activeCollection(readDb, view), raw);
}

function sortById<T extends { _id: string }>(docs: T[]): T[] {
  return docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/** True when no commit waits for fan-out and the projector has no delivery due or pending. */
export async function projectionsIdle(writeDb: Db): Promise<boolean> {
  const pending = await writeDb.collection(EVENT_STORE_COLLECTIONS.pending).countDocuments({});
  if (pending > 0) return false;
  return (await writeDb.collection(OUTBOX_COLLECTIONS.deliveries).countDocuments({ subscriber: PROJECTIONS_SUBSCRIBER })) === 0;
}

/** Waits (the test runner's timeout bounds it) until the running projector has applied everything. */
export async function untilIdle(writeDb: Db, check: () => Promise<boolean> = async () => true): Promise<void> {
  for (;;) {
    if ((await projectionsIdle(writeDb)) && (await check())) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

export function startTestProjector(writeDb: Db, readDb: Db, overrides: Partial<ProjectorOptions> = {}): Projector {
  return new Projector({ ...TEST_PROJECTOR, writeDb, readDb, ...overrides });
}

/** Applies the events to a view store directly, streams in parallel, each stream in version order. */
export async function applyAll(view: ViewName, store: ViewStore, events: readonly EventEnvelope[], concurrency = 8): Promise<void> {
  const definition = PROJECTION_VIEWS[view];
  const streams = new Map<string, EventEnvelope[]>();
  for (const e of events) {
    if (!definition.eventTypes.includes(e.type)) continue;
    const stream = streams.get(e.streamId);
    if (stream) stream.push(e);
    else streams.set(e.streamId, [e]);
  }
  const queue = [...streams.values()];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let stream = queue.pop(); stream; stream = queue.pop()) for (const e of stream) await definition.apply(store, e);
  }));
}

/** Commits waiting for fan-out plus streams waiting for the projector. */
async function backlog(writeDb: Db): Promise<number> {
  const [pending, deliveries] = await Promise.all([
    writeDb.collection(EVENT_STORE_COLLECTIONS.pending).countDocuments({}),
    writeDb.collection(OUTBOX_COLLECTIONS.deliveries).countDocuments({ subscriber: PROJECTIONS_SUBSCRIBER }),
  ]);
  return pending + deliveries;
}

/**
 * Appends through the store, holding writers back while the relay's backlog is above `limit`:
 * eight writers append faster than one relay delivers on FerretDB, and the relay's polls scan its
 * pending and signal collections, so an unbounded backlog makes a long burst slower to drain.
 */
export function withBackPressure(store: EventStore, writeDb: Db, limit = 150): EventAppender & { stop(): void } {
  let current = 0;
  let stopped = false;
  void (async () => {
    while (!stopped) {
      current = await backlog(writeDb).catch(() => current);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  return {
    async append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[], options: AppendOptions) {
      while (current > limit) await new Promise((r) => setTimeout(r, 200));
      return store.append(streamId, expected, events, options);
    },
    stop() {
      stopped = true;
    },
  };
}

/** A short account of how two sorted document lists differ (for assertion messages). */
export function describeDifference(actual: readonly unknown[], expected: readonly unknown[]): string {
  const canonical = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.map(canonical)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)])) : v);
  const byId = (docs: readonly unknown[]) => new Map(docs.map((d) => [(d as { _id: string })._id, JSON.stringify(canonical(d))]));
  const a = byId(actual);
  const e = byId(expected);
  const lines: string[] = [];
  for (const [id, doc] of e) if (a.get(id) !== doc) lines.push(`${id}\n  expected ${doc}\n  actual   ${a.get(id) ?? '(missing)'}`);
  for (const id of a.keys()) if (!e.has(id)) lines.push(`${id}: not expected`);
  return lines.length === 0 ? 'equal' : `${lines.length} document(s) differ:\n${lines.slice(0, 3).join('\n')}`;
}
