import type { Collection, Db } from 'mongodb';
import { commitIdAfter } from './commit-document';
import { GroupedInserts } from '../mongo/grouped-inserts';
import { EVENT_STORE_COLLECTIONS } from './event-store-collections';
import { deleteByIds } from '../mongo/delete-by-ids';

export interface PendingCommitDocument {
  /** The id of the commit position this points at: `<streamId>@<afterVersion>`. */
  _id: string;
  streamId: string;
  afterVersion: number;
  createdAt: Date;
  dueAt: Date;
  /** How many times the relay found no commit there yet (a writer died or is still writing). */
  checks: number;
}

/**
 * How the relay finds undelivered commits without scanning the commit collection.
 *
 * An appender writes a pointer to the position it is about to fill *before* inserting the
 * commit, so a crash can never leave a commit without a pointer (no lost message). The pointer
 * names a position, not a writer: whichever append wins that position, the pointer leads to it.
 * A pointer whose commit does not exist (the writer died first, or is still writing) is kept
 * and checked again with backoff; it is never deleted before a commit exists at its position,
 * and the next append at that position makes it due again. This collection only ever holds
 * undelivered work, so polling it stays cheap even where every filter is a collection scan.
 */
export class PendingCommits {
  private readonly collection: Collection<PendingCommitDocument>;
  /** Pointers of concurrent appends travel together (group commit). */
  private readonly inserts: GroupedInserts<PendingCommitDocument>;

  constructor(db: Db) {
    this.collection = db.collection<PendingCommitDocument>(EVENT_STORE_COLLECTIONS.pending);
    this.inserts = new GroupedInserts(this.collection);
  }

  async announce(streamId: string, afterVersion: number, now = new Date()): Promise<void> {
    const _id = commitIdAfter(streamId, afterVersion);
    const outcome = await this.inserts.insert({ _id, streamId, afterVersion, createdAt: now, dueAt: now, checks: 0 });
    if (outcome === 'duplicate') await this.collection.updateOne({ _id }, { $set: { dueAt: now } });
  }

  due(now: Date, limit: number): Promise<PendingCommitDocument[]> {
    return this.collection.find({ dueAt: { $lte: now } }).sort({ dueAt: 1 }).limit(limit).toArray();
  }

  /**
   * The oldest pointer no relay has looked at yet: a commit waiting for its first fan-out (those
   * found without a commit are left out: a writer that died leaves one that leads to nothing).
   */
  oldestUnexamined(): Promise<PendingCommitDocument | null> {
    return this.collection.find({ checks: 0 }).sort({ createdAt: 1 }).limit(1).next();
  }

  async recheckLater(pointer: PendingCommitDocument, dueAt: Date): Promise<void> {
    await this.collection.updateOne({ _id: pointer._id }, { $set: { dueAt, checks: pointer.checks + 1 } });
  }

  /** Only once the commits exist and every subscriber has a delivery signal for them. */
  async removeAll(pointerIds: readonly string[]): Promise<void> {
    await deleteByIds(this.collection, pointerIds);
  }
}
