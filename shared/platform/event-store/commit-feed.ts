import type { Db } from 'mongodb';
import type { CommitDocument } from './commit-document';
import { PendingCommits } from './pending-commits';
import { StreamChain } from './stream-chain';

/**
 * What the event store offers to whoever hands its commits on (the outbox relay): the pointers
 * every append writes before its commit, so that no commit goes undelivered, and the commits
 * themselves by position. Appending stays the store's business; consuming is this feed's.
 */
export class CommitFeed {
  readonly pending: PendingCommits;
  private readonly chain: StreamChain;

  constructor(db: Db) {
    this.pending = new PendingCommits(db);
    this.chain = new StreamChain(db);
  }

  /** The stored commit at a position (`<streamId>@<afterVersion>`), or null when none is there (yet). */
  readCommit(streamId: string, afterVersion: number): Promise<CommitDocument | null> {
    return this.chain.readCommit(streamId, afterVersion);
  }
}
