import type { Collection, Db } from 'mongodb';
import type { EventEnvelope } from '../event-store/event-envelope';
import { insertEachOnce } from '../mongo/bulk-inserts';

interface TailEntry {
  /** `<streamId>@<version>`: an event handed over twice is recorded once. */
  readonly _id: string;
  readonly event: EventEnvelope;
}

/**
 * A rebuild's tail: every event the live projector hands the view while the rebuild runs (see
 * view-rebuilder.ts), so the rebuild catches up from this small collection instead of reading the
 * event store again.
 */
export class RebuildTail {
  private readonly entries: Collection<TailEntry>;

  constructor(readDb: Db, readonly collection: string) {
    this.entries = readDb.collection<TailEntry>(collection);
  }

  async record(events: readonly EventEnvelope[]): Promise<void> {
    await insertEachOnce(this.entries, events.map((event) => ({ _id: `${event.streamId}@${event.version}`, event })));
  }

  /** Every recorded event, each stream's in version order (a scan of the tail). */
  async streams(): Promise<EventEnvelope[][]> {
    const byStream = new Map<string, EventEnvelope[]>();
    for await (const { event } of this.entries.find({})) {
      const stream = byStream.get(event.streamId);
      if (stream) stream.push(event);
      else byStream.set(event.streamId, [event]);
    }
    return [...byStream.values()].map((events) => events.sort((a, b) => a.version - b.version));
  }

  async drop(): Promise<void> {
    await this.entries.drop().catch(() => undefined);
  }
}
