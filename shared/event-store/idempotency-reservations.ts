import type { Collection, Db } from 'mongodb';
import { EVENT_STORE_COLLECTIONS } from './collections';
import type { StreamPosition } from './commit-document';
import { isDuplicateKeyError } from './mongo-errors';

interface ReservationDocument {
  _id: string;
  streamId: string;
  idempotencyKey: string;
  /** The stream head before any attempt with this key wrote: its commit, if any, is after it. */
  fromVersion: number;
  fromCommittedAt?: Date;
  createdAt: Date;
  /** Set once an attempt has committed (a shortcut: the commit itself carries the key too). */
  commitId?: string;
}

export interface Reservation {
  readonly from: StreamPosition;
  readonly commitId?: string;
}

/**
 * Idempotent appends without transactions. The first attempt with a key records the stream
 * head it saw (insert on a unique `_id`, so concurrent attempts agree on one record) before
 * anyone may commit with that key. Every attempt then walks the chain from that position to
 * the head looking for a commit carrying the key, so a commit is found even when the attempt
 * that wrote it died before recording `commitId`, and even when a retry computed another
 * expected version. Two concurrent attempts cannot both commit: the later walker passes the
 * earlier commit, or both target the same `_id` and one insert fails.
 */
export class IdempotencyReservations {
  private readonly collection: Collection<ReservationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ReservationDocument>(EVENT_STORE_COLLECTIONS.idempotency);
  }

  async find(streamId: string, key: string): Promise<Reservation | null> {
    const doc = await this.collection.findOne({ _id: reservationId(streamId, key) });
    return doc ? toReservation(doc) : null;
  }

  /** Records `head` as the start of the search for this key, unless another attempt did first. */
  async reserve(streamId: string, key: string, head: StreamPosition): Promise<Reservation> {
    const doc: ReservationDocument = {
      _id: reservationId(streamId, key),
      streamId,
      idempotencyKey: key,
      fromVersion: head.version,
      ...(head.committedAt ? { fromCommittedAt: head.committedAt } : {}),
      createdAt: new Date(),
    };
    try {
      await this.collection.insertOne(doc);
      return toReservation(doc);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await this.collection.findOne({ _id: doc._id });
      if (!existing) throw err;
      return toReservation(existing);
    }
  }

  async recordCommit(streamId: string, key: string, commitId: string): Promise<void> {
    await this.collection.updateOne({ _id: reservationId(streamId, key) }, { $set: { commitId } });
  }
}

function reservationId(streamId: string, key: string): string {
  return `${streamId}|${key}`;
}

function toReservation(doc: ReservationDocument): Reservation {
  const from: StreamPosition = doc.fromCommittedAt
    ? { version: doc.fromVersion, committedAt: doc.fromCommittedAt }
    : { version: doc.fromVersion };
  return doc.commitId ? { from, commitId: doc.commitId } : { from };
}
