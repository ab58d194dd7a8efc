import type { CommitDocument } from '../event-store/commit-document';
import { commitIdAfter } from '../event-store/commit-document';
import type { CommitFeed } from '../event-store/commit-feed';
import { LruMap } from '../lib/lru-map';

export interface CommitReader {
  readCommit(streamId: string, afterVersion: number): Promise<CommitDocument | null>;
}

/**
 * The commits this relay read most recently. Commits never change, so the fan-out's read of a
 * new commit also serves its delivery moments later. Only found commits are kept: "no commit
 * here yet" can change at any time.
 */
export class RecentCommits implements CommitReader {
  private readonly commits: LruMap<string, CommitDocument>;

  constructor(
    private readonly store: Pick<CommitFeed, 'readCommit'>,
    /** A poll fans out and delivers at most a batch (default 100) of commits: a few batches' worth. */
    capacity = 256,
  ) {
    this.commits = new LruMap(capacity);
  }

  async readCommit(streamId: string, afterVersion: number): Promise<CommitDocument | null> {
    const id = commitIdAfter(streamId, afterVersion);
    const cached = this.commits.get(id);
    if (cached) return cached;
    const commit = await this.store.readCommit(streamId, afterVersion);
    if (commit) this.commits.set(id, commit);
    return commit;
  }
}
