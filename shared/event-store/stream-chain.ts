import type { Collection, Db } from 'mongodb';
import { EVENT_STORE_COLLECTIONS } from './collections';
import { commitIdAfter, positionAfter, type CommitDocument, type StreamPosition } from './commit-document';

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
 * to start walking; it may lag (it is written after the commit, without atomicity).
 */
export class StreamChain {
  private readonly commits: Collection<CommitDocument>;
  private readonly hints: Collection<StreamHintDocument>;

  constructor(db: Db) {
    this.commits = db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits);
    this.hints = db.collection<StreamHintDocument>(EVENT_STORE_COLLECTIONS.streams);
  }

  readCommit(streamId: string, afterVersion: number): Promise<CommitDocument | null> {
    return this.commits.findOne({ _id: commitIdAfter(streamId, afterVersion) });
  }

  readCommitById(commitId: string): Promise<CommitDocument | null> {
    return this.commits.findOne({ _id: commitId });
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

  async hintedPosition(streamId: string): Promise<StreamPosition> {
    const hint = await this.hints.findOne({ _id: streamId });
    if (!hint) return { version: 0 };
    return hint.headCommittedAt ? { version: hint.head, committedAt: hint.headCommittedAt } : { version: hint.head };
  }

  async head(streamId: string): Promise<StreamPosition> {
    return (await this.walkToHead(streamId, await this.hintedPosition(streamId))).head;
  }

  /**
   * Moves the hint forward to a commit just written. Read-then-replace is not atomic, so a
   * racing writer may leave an older (still valid) boundary there: walking forward fixes that.
   */
  async advanceHint(commit: CommitDocument): Promise<void> {
    const doc: StreamHintDocument = {
      _id: commit.streamId,
      head: commit.lastVersion,
      headCommittedAt: commit.committedAt,
      updatedAt: new Date(),
    };
    await this.hints.replaceOne({ _id: commit.streamId }, doc, { upsert: true });
  }
}
