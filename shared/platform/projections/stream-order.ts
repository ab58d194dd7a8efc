import type { ScannedCommit } from '../event-store/commit-feed';

/**
 * Puts commits read in storage order back into each stream's version order: a commit is passed on
 * once its stream's previous one has been, and waits until then. Storage order nearly always is
 * version order already (a commit is written after the one it follows), so little waits.
 */
export class StreamOrder {
  /** Per stream: the version the next commit must start at. */
  private readonly next = new Map<string, number>();
  /** Per stream: commits that came early, by their first version. */
  private readonly early = new Map<string, Map<number, ScannedCommit>>();
  private earlyCount = 0;

  /** The commits that can go now, in order: this one and any that waited on it. */
  *accept(commit: ScannedCommit): Generator<ScannedCommit> {
    const expected = this.next.get(commit.streamId) ?? 1;
    if (commit.firstVersion !== expected) {
      if (commit.firstVersion < expected) return;
      let waiting = this.early.get(commit.streamId);
      if (!waiting) this.early.set(commit.streamId, (waiting = new Map()));
      if (!waiting.has(commit.firstVersion)) this.earlyCount += 1;
      waiting.set(commit.firstVersion, commit);
      return;
    }
    let ready: ScannedCommit | undefined = commit;
    while (ready) {
      yield ready;
      this.next.set(ready.streamId, ready.lastVersion + 1);
      const waiting = this.early.get(ready.streamId);
      const following: ScannedCommit | undefined = waiting?.get(ready.lastVersion + 1);
      if (following) {
        waiting?.delete(following.firstVersion);
        this.earlyCount -= 1;
        if (waiting?.size === 0) this.early.delete(ready.streamId);
      }
      ready = following;
    }
  }

  /** Commits still waiting for a predecessor that never came. */
  waiting(): number {
    return this.earlyCount;
  }
}
