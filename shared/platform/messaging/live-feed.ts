import { MongoServerError, type Collection, type Db, type FindCursor } from 'mongodb';
import { insertOnce } from '../mongo/insert-once';
import type { PublicMessageSink } from './publishing-subscriber';
import { toPublicWire, type PublicMessage, type PublicWireMessage } from './public-message';

export const LIVE_FEED_COLLECTION = 'public_message_feed';
const NAMESPACE_EXISTS = 48;

interface FeedDocument {
  /** The message's event-id: a redelivered message is refused by the unique `_id` (at most once in the feed). */
  _id: string;
  message: PublicWireMessage;
}

export interface FeedEntry {
  readonly id: string;
  readonly message: PublicWireMessage;
}

export interface LiveFeedOptions {
  /** Size of the capped collection: how far back a reconnecting reader can resume (default 64 MiB, 20,000 messages). */
  readonly maxBytes?: number;
  readonly maxMessages?: number;
  /** How long a read waits on the server for new messages, and the pause before re-opening a dead cursor (default 500 ms). */
  readonly waitMs?: number;
}

export interface FollowOptions {
  /** Resume after this message (an SSE Last-Event-ID, or `head()` for "from now on"); omitted: from the oldest message held. */
  readonly after?: string;
  /** Public types wanted (default: all). Filtered here; positions count every message. */
  readonly types?: ReadonlySet<string>;
  readonly signal: AbortSignal;
}

/** The message a reader resumed after has left the capped collection (or never was in it). */
export class FeedPositionLostError extends Error {
  override readonly name = 'FeedPositionLostError';
}

/**
 * The public messages the relay publishes, in publication order, for live readers (SSE). A capped
 * collection keeps the order in which the relay inserted them, and the relay inserts a stream's
 * messages in version order, so every reader sees each stream in order. There is no change stream
 * on FerretDB and no atomic counter for a sequence number: a reader tails the collection with a
 * tailable cursor and resumes by finding the id it last saw in that natural order (at most one
 * scan of the bounded collection per (re)connect). A tailable cursor dies when the collection
 * holds no more than its first batch (on MongoDB when it is empty); the reader re-opens it after a pause.
 */
export class LiveFeed implements PublicMessageSink {
  private readonly collection: Collection<FeedDocument>;
  private readonly waitMs: number;

  constructor(
    private readonly db: Db,
    private readonly options: LiveFeedOptions = {},
  ) {
    this.collection = db.collection<FeedDocument>(LIVE_FEED_COLLECTION);
    this.waitMs = options.waitMs ?? 500;
  }

  /** Creates the capped collection once; idempotent. */
  async ensureCollection(): Promise<void> {
    const size = this.options.maxBytes ?? 64 * 1024 * 1024;
    const max = this.options.maxMessages ?? 20_000;
    try {
      await this.db.createCollection(LIVE_FEED_COLLECTION, { capped: true, size, max });
    } catch (err) {
      if (!(err instanceof MongoServerError && err.code === NAMESPACE_EXISTS)) throw err;
    }
  }

  async deliver(message: PublicMessage): Promise<void> {
    await insertOnce(this.collection, { _id: message.messageId, message: toPublicWire(message) });
  }

  /** The newest message's id (undefined while the feed is empty): where "from now on" starts. */
  async head(): Promise<string | undefined> {
    const [newest] = await this.collection.find({}, { projection: { _id: 1 } }).sort({ $natural: -1 }).limit(1).toArray();
    return newest?._id;
  }

  async holds(id: string): Promise<boolean> {
    return (await this.collection.findOne({ _id: id }, { projection: { _id: 1 } })) !== null;
  }

  /** Messages after `after`, then new ones as they arrive, until the signal aborts. */
  async *follow(options: FollowOptions): AsyncGenerator<FeedEntry> {
    const { signal, types } = options;
    // `last` is the position: the id of the last message passed over, in natural order.
    let last = options.after;
    while (!signal.aborted) {
      const cursor = this.tail();
      try {
        let passed = last === undefined;
        for (;;) {
          if (signal.aborted) return;
          const doc = await cursor.tryNext();
          if (!doc) {
            if (!passed) throw new FeedPositionLostError(`the feed no longer holds message ${last}`);
            if (cursor.closed) break;
            continue;
          }
          if (!passed) {
            passed = doc._id === last;
            continue;
          }
          last = doc._id;
          if (!types || types.has(doc.message.type)) yield { id: doc._id, message: doc.message };
        }
      } finally {
        await cursor.close().catch(() => undefined);
      }
      await pause(this.waitMs, signal);
    }
  }

  private tail(): FindCursor<FeedDocument> {
    return this.collection.find({}, { tailable: true, awaitData: true, maxAwaitTimeMS: this.waitMs });
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
