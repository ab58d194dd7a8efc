import type { EventEnvelope } from '../event-store/event-envelope';
import { LruMap } from '../lib/lru-map';
import type { StreamReader } from '../messaging/stream-history';

/**
 * Stream histories during a replay of the whole store: readAll hands over every stream's events
 * in version order, so the streams seen recently are answered from memory instead of one read of
 * the store per stream (an order's confirmation needs its placement, a few commits earlier).
 * A stream not seen from its first event (evicted, or the replay started later) is read from the store.
 */
export class ReplayedStreams implements StreamReader {
  private readonly streams: LruMap<string, EventEnvelope[]>;

  constructor(
    private readonly store: StreamReader,
    capacity = 50_000,
  ) {
    this.streams = new LruMap(capacity);
  }

  record(event: EventEnvelope): void {
    const known = this.streams.get(event.streamId);
    if (known && known.at(-1)?.version === event.version - 1) known.push(event);
    else if (event.version === 1) this.streams.set(event.streamId, [event]);
  }

  async readStreamAfterBoundary(streamId: string, boundaryVersion: number): Promise<EventEnvelope[]> {
    const known = this.streams.get(streamId);
    if (known) return known.filter((e) => e.version > boundaryVersion);
    return this.store.readStreamAfterBoundary(streamId, boundaryVersion);
  }
}
