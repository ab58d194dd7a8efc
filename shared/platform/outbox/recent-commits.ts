import type { CommitDocument } from '../event-store/commit-document';
import { commitIdAfter } from '../event-store/commit-document';
import type { CommitFeed, CommitPosition } from '../event-store/commit-feed';
import { LruMap } from '../lib/lru-map';

export interface CommitReader {
  readCommit(streamId: string, afterVersion: number): Promise<CommitDocument | null>;
  /** The commits at these positions, in their order (null where none is there yet). */
  readCommits(positions: readonly CommitPosition[]): Promise<(CommitDocument | null)[]>;
}

/**
 * The commits this relay read most recently. Commits never change, so the fan-out's read of a
 * new commit also serves its delivery moments later. Only found commits are kept: "no commit
 * here yet" can change at any time.
 */
export class RecentCommits implements CommitReader {
  private readonly commits: LruMap<string, CommitDocument>;

  constructor(
    private readonly store: Pick<CommitFeed, 'readCommit' | 'readCommits'>,
    /** A poll fans out and delivers at most a batch (default 100) of commits: a few batches' worth. */
    capacity = 256,
  ) {
    this.commits = new LruMap(capacity);
  }

  async readCommit(streamId: string, afterVersion: number): Promise<CommitDocument | null> {
    const cached = this.commits.get(commitIdAfter(streamId, afterVersion));
    if (cached) return cached;
    return this.keep(await this.store.readCommit(streamId, afterVersion));
  }

  /** Reads the ones not remembered in one batch. */
  async readCommits(positions: readonly CommitPosition[]): Promise<(CommitDocument | null)[]> {
    const known = positions.map((p) => this.commits.get(commitIdAfter(p.streamId, p.afterVersion)) ?? null);
    const missing = positions.filter((_, i) => !known[i]);
    const read = missing.length === 0 ? [] : await this.store.readCommits(missing);
    let next = 0;
    return known.map((commit) => commit ?? this.keep(read[next++] ?? null));
  }

  private keep(commit: CommitDocument | null): CommitDocument | null {
    if (commit) this.commits.set(commit._id, commit);
    return commit;
  }
}
