import type { Collection, Db } from 'mongodb';
import { estimatedCount } from '../mongo/estimated-count';
import { commitIdAfter, toEnvelope, type CommitDocument } from './commit-document';
import { EVENT_STORE_COLLECTIONS } from './event-store-collections';
import { PendingCommits } from './pending-commits';
import { StreamChain } from './stream-chain';

/** A commit as a scan reads it: where it sits in its stream, when it was written, its events. */
export type ScannedCommit = Pick<CommitDocument, '_id' | 'streamId' | 'firstVersion' | 'lastVersion' | 'events' | 'committedAt'>;

/** Where a commit sits: the stream and the version it follows (0 for the stream's first). */
export interface CommitPosition {
  readonly streamId: string;
  readonly afterVersion: number;
}

/**
 * What the event store offers to whoever hands its commits on (the outbox relay): the pointers
 * every append writes before its commit, so that no commit goes undelivered, and the commits
 * themselves by position. Appending stays the store's business; consuming is this feed's.
 */
export class CommitFeed {
  readonly pending: PendingCommits;
  private readonly chain: StreamChain;
  private readonly commits: Collection<CommitDocument>;

  constructor(db: Db) {
    this.pending = new PendingCommits(db);
    this.chain = new StreamChain(db);
    this.commits = db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits);
  }

  /** The stored commit at a position (`<streamId>@<afterVersion>`), or null when none is there (yet). */
  readCommit(streamId: string, afterVersion: number): Promise<CommitDocument | null> {
    return this.chain.readCommit(streamId, afterVersion);
  }

  /** The stored commits at these positions, in their order (null where none is there yet), read together. */
  async readCommits(positions: readonly CommitPosition[]): Promise<(CommitDocument | null)[]> {
    const ids = positions.map((p) => commitIdAfter(p.streamId, p.afterVersion));
    const found = await this.chain.readCommitsById(ids);
    return ids.map((id) => found.get(id) ?? null);
  }

  /**
   * Every stored commit, in storage order, through one cursor and without a sort (for view
   * rebuilds, which keep each stream's order themselves): where the server sorts in memory, as
   * FerretDB does, a sorted read first reads and sorts the whole collection; this one streams it.
   * A commit inserted while the scan runs may or may not be in it.
   */
  async *scanCommits(batchSize = 5_000): AsyncGenerator<ScannedCommit> {
    const fields = { streamId: 1, firstVersion: 1, lastVersion: 1, events: 1, committedAt: 1 } as const;
    for await (const commit of this.commits.find<ScannedCommit>({}, { projection: fields }).batchSize(batchSize)) {
      yield { ...commit, events: commit.events.map(toEnvelope) };
    }
  }

  /** How many commits are stored (an estimate from the collection's statistics, for progress). */
  estimatedCommits(): Promise<number> {
    return estimatedCount(this.commits);
  }
}
