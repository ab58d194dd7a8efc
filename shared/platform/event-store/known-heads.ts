import { LruMap } from '../lib/lru-map';
import type { StreamPosition } from './commit-document';

/**
 * The furthest commit boundary this process has seen per stream (by reading or writing the
 * commit that ends there). Commits are immutable, so such a position always exists and is at
 * or before the true head: like the stored head hint, a safe place to start, and an append may
 * try to insert its commit right there (a duplicate `_id` then says the stream moved on) instead
 * of reading the hint and probing for a successor first. Bounded: least recently used go first.
 */
export class KnownHeads {
  private readonly positions: LruMap<string, StreamPosition>;

  constructor(capacity = 10_000) {
    this.positions = new LruMap(capacity);
  }

  get(streamId: string): StreamPosition | undefined {
    return this.positions.get(streamId);
  }

  /** Records a boundary seen; never moves a stream back. */
  saw(streamId: string, position: StreamPosition): void {
    const known = this.positions.get(streamId);
    if (known && known.version >= position.version) return;
    this.positions.set(streamId, position);
  }
}
