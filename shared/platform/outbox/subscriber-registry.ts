import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../mongo/mongo-errors';
import { OUTBOX_COLLECTIONS } from './outbox-collections';

interface RegisteredSubscriberDocument {
  _id: string;
  lastSeenAt: Date;
  relayId: string;
}

/**
 * Which subscribers run somewhere. Fan-out writes delivery signals for every subscriber seen
 * within `ttlMs`, not only its own relay's, so relays with different subscriber lists (a
 * rolling deploy, a dedicated webhook relay) do not starve each other. A subscriber that no
 * relay has run for `ttlMs` gets no new signals.
 */
export class SubscriberRegistry {
  private readonly collection: Collection<RegisteredSubscriberDocument>;

  constructor(
    db: Db,
    private readonly ttlMs = 24 * 60 * 60_000,
  ) {
    this.collection = db.collection<RegisteredSubscriberDocument>(OUTBOX_COLLECTIONS.subscribers);
  }

  async heartbeat(names: readonly string[], relayId: string, now = new Date()): Promise<void> {
    for (const name of names) {
      try {
        await this.collection.replaceOne({ _id: name }, { lastSeenAt: now, relayId }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
  }

  async activeNames(now = new Date()): Promise<string[]> {
    const docs = await this.collection.find({ lastSeenAt: { $gte: new Date(now.getTime() - this.ttlMs) } }).toArray();
    return docs.map((d) => d._id);
  }
}
