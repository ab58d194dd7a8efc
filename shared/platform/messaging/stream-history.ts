import type { EventEnvelope } from '../event-store/event-envelope';
import { LruMap } from '../lib/lru-map';

/** Where stream histories are read (the event store): whole commits after a commit boundary, to the head. */
export interface StreamReader {
  readStreamAfterBoundary(streamId: string, boundaryVersion: number): Promise<EventEnvelope[]>;
}

/**
 * The events of a stream up to a version, for mappings that need earlier events (a full state
 * transfer folds its stream). The relay hands over a stream's events in order, so the streams
 * read recently are kept and only the commits after what is known are read: a long stream costs
 * one read per new commit, not one read of its whole history per message.
 */
export class StreamHistory {
  private readonly known: LruMap<string, readonly EventEnvelope[]>;

  constructor(
    private readonly reader: StreamReader,
    /** Streams kept (default 256: the relay delivers a few batches of streams at a time). */
    capacity = 256,
  ) {
    this.known = new LruMap(capacity);
  }

  async upTo(streamId: string, version: number): Promise<readonly EventEnvelope[]> {
    let events = this.known.get(streamId) ?? [];
    const last = events.at(-1)?.version ?? 0;
    if (last < version) {
      // Everything known ends at a commit boundary: it was read to the head, whole commits only.
      events = [...events, ...(await this.reader.readStreamAfterBoundary(streamId, last))];
      this.known.set(streamId, events);
    }
    return events.filter((e) => e.version <= version);
  }
}
