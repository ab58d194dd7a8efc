import type { Collection, Db } from 'mongodb';
import { EVENT_STORE_COLLECTIONS } from './event-store-collections';
import type { StreamPosition } from './commit-document';
import { GroupedInserts } from '../mongo/grouped-inserts';

interface ReservationDocument {
  _id: string;
  streamId: string;
  idempotencyKey: string;
  /** The stream head before any attempt with this key wrote: its commit, if any, is after it. */
  fromVersion: number;
  fromCommittedAt?: Date;
  createdAt: Date;
  /** Written by earlier versions once an attempt had committed (the commit itself carries the key). */
  commitId?: string;
}

export interface Reservation {
  readonly from: StreamPosition;
  /** Set by earlier versions of the store once an attempt committed; now the walk from `from` finds it. */
  readonly commitId?: string;
  /** True when this call made the reservation: no commit can carry the key yet. */
  readonly fresh: boolean;
}

/**
 * Idempotent appends without transactions. The first attempt with a key records a stream
 * position at or before the head (insert on a unique `_id`, so concurrent attempts agree on one record) before
 * anyone may commit with that key. Every attempt then walks the chain from that position to
 * the head looking for a commit carrying the key, so a commit is found even when a retry
 * computed another expected version. Two concurrent attempts cannot both commit: the later walker passes the
 * earlier commit, or both target the same `_id` and one insert fails.
 */
export class IdempotencyReservations {
  private readonly collection: Collection<ReservationDocument>;
  private readonly inserts: GroupedInserts<ReservationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ReservationDocument>(EVENT_STORE_COLLECTIONS.idempotency);
    this.inserts = new GroupedInserts(this.collection);
  }

  async find(streamId: string, key: string): Promise<Reservation | null> {
    const doc = await this.collection.findOne({ _id: reservationId(streamId, key) });
    return doc ? toReservation(doc, false) : null;
  }

  /**
   * Records `head` (any commit boundary at or before the head) as the start of the search for
   * this key, unless another attempt did first: then that attempt's reservation is returned.
   */
  async reserve(streamId: string, key: string, head: StreamPosition): Promise<Reservation> {
    const doc: ReservationDocument = {
      _id: reservationId(streamId, key),
      streamId,
      idempotencyKey: key,
      fromVersion: head.version,
      ...(head.committedAt ? { fromCommittedAt: head.committedAt } : {}),
      createdAt: new Date(),
    };
    if ((await this.inserts.insert(doc)) === 'inserted') return toReservation(doc, true);
    const existing = await this.collection.findOne({ _id: doc._id });
    if (!existing) throw new Error(`idempotency reservation ${doc._id} was refused as a duplicate but cannot be found`);
    return toReservation(existing, false);
  }
}

function reservationId(streamId: string, key: string): string {
  return `${streamId}|${key}`;
}

function toReservation(doc: ReservationDocument, fresh: boolean): Reservation {
  const from: StreamPosition = doc.fromCommittedAt
    ? { version: doc.fromVersion, committedAt: doc.fromCommittedAt }
    : { version: doc.fromVersion };
  return doc.commitId ? { from, commitId: doc.commitId, fresh } : { from, fresh };
}
