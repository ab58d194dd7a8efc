import type { Collection, Db } from 'mongodb';
import { EVENT_STORE_COLLECTIONS } from './event-store-collections';
import { commitIdAfter, decodeCommit, positionAfter, STREAM_START, type CommitDocument, type StreamPosition } from './commit-document';
import { KnownHeads } from './known-heads';
import { findByIds } from '../mongo/find-by-ids';
import { isDuplicateKeyError } from '../mongo/mongo-errors';

interface StreamHintDocument {
  _id: string;
  head: number;
  headCommittedAt?: Date;
  updatedAt: Date;
}

/**
 * A stream is a linked chain of commits: `<s>@0`, then `<s>@<lastVersion of the previous>`...
 * Every step is an exact-`_id` read, the one query FerretDB's SQLite backend pushes down, so
 * reading a stream costs the same however large the store grows. The head hint only says where
 * to start walking; it may lag (it is written after some commits only, without atomicity).
 * Every commit read or written here is remembered in `known` (this process's own hint).
 */
export class StreamChain {
  private readonly commits: Collection<CommitDocument>;
  private readonly hints: Collection<StreamHintDocument>;
  readonly known = new KnownHeads();

  constructor(db: Db) {
    this.commits = db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits);
    this.hints = db.collection<StreamHintDocument>(EVENT_STORE_COLLECTIONS.streams);
  }

  async readCommit(streamId: string, afterVersion: number): Promise<CommitDocument | null> {
    return this.remember(decodeCommit(await this.commits.findOne({ _id: commitIdAfter(streamId, afterVersion) })));
  }

  async readCommitById(commitId: string): Promise<CommitDocument | null> {
    return this.remember(decodeCommit(await this.commits.findOne({ _id: commitId })));
  }

  /** The stored commits with these `_id`s; absent ids are not in the map. */
  async readCommitsById(commitIds: readonly string[]): Promise<Map<string, CommitDocument>> {
    const found = await findByIds(this.commits, commitIds);
    return new Map(found.map((doc) => [doc._id, this.remember(decodeCommit(doc))]));
  }

  /** Records a commit this process wrote or read. */
  remember<C extends CommitDocument | null>(commit: C): C {
    if (commit) this.known.saw(commit.streamId, positionAfter(commit));
    return commit;
  }

  /** Commits from the boundary `afterVersion` (0 or a commit's lastVersion) to the head, in order. */
  async *commitsAfter(streamId: string, afterVersion: number): AsyncGenerator<CommitDocument> {
    let version = afterVersion;
    for (;;) {
      const commit = await this.readCommit(streamId, version);
      if (!commit) return;
      yield commit;
      version = commit.lastVersion;
    }
  }

  /** Walks from `from` to the head. `stop` may end the walk early on a commit (returned as `stoppedAt`). */
  async walkToHead(
    streamId: string,
    from: StreamPosition,
    stop?: (commit: CommitDocument) => boolean,
  ): Promise<{ head: StreamPosition; stoppedAt?: CommitDocument }> {
    let head = from;
    for await (const commit of this.commitsAfter(streamId, from.version)) {
      if (stop?.(commit)) return { head, stoppedAt: commit };
      head = positionAfter(commit);
    }
    return { head };
  }

  /** The stored head hint, a commit boundary at or before the head (the start when there is none). */
  async hintedPosition(streamId: string): Promise<StreamPosition> {
    const hint = await this.hints.findOne({ _id: streamId });
    if (!hint) return STREAM_START;
    return hint.headCommittedAt ? { version: hint.head, committedAt: hint.headCommittedAt } : { version: hint.head };
  }

  /** The best starting point without a round trip when this process knows the stream, else the stored hint. */
  async startingPoint(streamId: string): Promise<StreamPosition> {
    return this.known.get(streamId) ?? (await this.hintedPosition(streamId));
  }

  async head(streamId: string): Promise<StreamPosition> {
    const hinted = await this.hintedPosition(streamId);
    const known = this.known.get(streamId);
    return (await this.walkToHead(streamId, known && known.version > hinted.version ? known : hinted)).head;
  }

  /**
   * Moves the hint forward to a commit just written, never back: the filter only matches an
   * older hint, and where a newer one exists the upsert's insert hits the unique `_id` instead.
   */
  async advanceHint(commit: CommitDocument): Promise<void> {
    const doc: Omit<StreamHintDocument, '_id'> = { head: commit.lastVersion, headCommittedAt: commit.committedAt, updatedAt: new Date() };
    try {
      await this.hints.updateOne({ _id: commit.streamId, head: { $lt: commit.lastVersion } }, { $set: doc }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
}
