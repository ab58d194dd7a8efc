import { BSON, type Db } from 'mongodb';
import type { CommitDocument } from '../../shared/platform/event-store/commit-document';
import { commitIdAfter } from '../../shared/platform/event-store/commit-document';
import { EVENT_STORE_COLLECTIONS } from '../../shared/platform/event-store/event-store-collections';
import type { NewEvent } from '../../shared/platform/event-store/event-validation';
import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';

/** A loyalty-style event payload of a realistic size (~350 bytes of BSON). */
export function samplePayload(points: number) {
  return {
    accountId: 'acc-000123456',
    orderId: 'ord-2024-000987654',
    points,
    reason: 'order-completed',
    lines: [
      { sku: 'SKU-10001', quantity: 2, unitPrice: 1999 },
      { sku: 'SKU-20002', quantity: 1, unitPrice: 4999 },
      { sku: 'SKU-30003', quantity: 5, unitPrice: 299 },
    ],
    channel: 'web',
    note: 'Points for a completed order, including the loyalty tier bonus.',
  };
}

export const EVENT_TYPE = 'points-earned';

export function newEvents(count: number, points = 10): NewEvent[] {
  return Array.from({ length: count }, () => ({ type: EVENT_TYPE, payload: samplePayload(points) }));
}

/** One new event with a caller-chosen id (to find it again at the subscriber). */
export function newEventWithId(eventId: string): NewEvent {
  return { type: EVENT_TYPE, payload: samplePayload(10), eventId };
}

export const OPTIONS = { correlationId: 'bench-correlation' } as const;

/** A commit exactly as EventStore.append stores it (same fields and types), for fast raw fills. */
export function commitDocument(streamId: string, afterVersion: number, eventCount: number, points = 10): CommitDocument {
  const committedAt = new Date();
  const events: EventEnvelope[] = Array.from({ length: eventCount }, (_, i) => ({
    type: EVENT_TYPE,
    eventId: `${streamId}-${afterVersion + i + 1}-${Math.random().toString(36).slice(2, 14)}`,
    correlationId: OPTIONS.correlationId,
    causationId: OPTIONS.correlationId,
    streamId,
    version: afterVersion + i + 1,
    timestamp: committedAt,
    schemaVersion: 1,
    payload: samplePayload(points),
  }));
  return {
    _id: commitIdAfter(streamId, afterVersion),
    streamId,
    firstVersion: afterVersion + 1,
    lastVersion: afterVersion + eventCount,
    events,
    correlationId: OPTIONS.correlationId,
    committedAt,
  };
}

/** Inserts commits in batches (raw, bypassing append) with a little concurrency. */
export async function insertCommits(db: Db, docs: Iterable<CommitDocument>, batchSize = 500, concurrency = 2): Promise<number> {
  const collection = db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits);
  const iterator = docs[Symbol.iterator]();
  let inserted = 0;
  const worker = async () => {
    for (;;) {
      const batch: CommitDocument[] = [];
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        batch.push(next.value);
        if (batch.length >= batchSize) break;
      }
      if (batch.length === 0) return;
      await collection.insertMany(batch, { ordered: false });
      inserted += batch.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return inserted;
}

/** `count` one-event commits spread over streams of `perStream` commits, named `<prefix>-<n>`. */
export function* otherStreamCommits(prefix: string, startAt: number, count: number, perStream = 10): Generator<CommitDocument> {
  for (let i = startAt; i < startAt + count; i += 1) {
    yield commitDocument(`${prefix}-${Math.floor(i / perStream)}`, i % perStream, 1);
  }
}

export function bsonSize(doc: object): number {
  return BSON.calculateObjectSize(doc as BSON.Document);
}
