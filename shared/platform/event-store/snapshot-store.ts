import type { Collection, Db } from 'mongodb';
import { EVENT_STORE_COLLECTIONS } from './event-store-collections';
import { sanitizeValue } from './event-validation';

/** Turns aggregate state into a storable document and back (for states holding class instances). */
export interface SnapshotCodec<State> {
  toDocument(state: State): unknown;
  fromDocument(document: unknown): State;
}

export interface Snapshot<State> {
  readonly streamId: string;
  /** A commit boundary: the `lastVersion` of the append after which the state was taken. */
  readonly version: number;
  readonly state: State;
}

interface SnapshotDocument {
  _id: string;
  version: number;
  /** Which decider and state shape wrote it; a snapshot with another key is ignored. */
  snapshotKey: string;
  state: unknown;
  takenAt: Date;
}

/**
 * Latest snapshot per stream. Only an optimisation: a missing, foreign or unreadable snapshot
 * means a full fold, never an error, and a snapshot never replaces an event.
 */
export class SnapshotStore {
  private readonly collection: Collection<SnapshotDocument>;

  constructor(db: Db) {
    this.collection = db.collection<SnapshotDocument>(EVENT_STORE_COLLECTIONS.snapshots);
  }

  async load<State>(streamId: string, snapshotKey: string, codec?: SnapshotCodec<State>): Promise<Snapshot<State> | null> {
    const doc = await this.collection.findOne({ _id: streamId });
    if (!doc || doc.snapshotKey !== snapshotKey) return null;
    const state = codec ? codec.fromDocument(doc.state) : (doc.state as State);
    return { streamId, version: doc.version, state };
  }

  /**
   * Keeps the newest snapshot. Read-then-replace can race with another writer, which at worst
   * leaves an older (still correct) snapshot. Returns false when the state cannot be stored.
   */
  async save<State>(snapshot: Snapshot<State>, snapshotKey: string, codec?: SnapshotCodec<State>): Promise<boolean> {
    let state: unknown;
    try {
      state = sanitizeValue(codec ? codec.toDocument(snapshot.state) : snapshot.state, 'state', `snapshot of '${snapshot.streamId}'`, 0);
    } catch {
      return false;
    }
    const current = await this.collection.findOne({ _id: snapshot.streamId }, { projection: { version: 1, snapshotKey: 1 } });
    if (current && current.snapshotKey === snapshotKey && current.version >= snapshot.version) return true;
    await this.collection.replaceOne(
      { _id: snapshot.streamId },
      { version: snapshot.version, snapshotKey, state, takenAt: new Date() },
      { upsert: true },
    );
    return true;
  }
}
