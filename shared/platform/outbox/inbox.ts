import type { Collection, Db } from 'mongodb';
import { OUTBOX_COLLECTIONS } from './outbox-collections';
import { insertOnce } from '../mongo/insert-once';

interface InboxDocument {
  _id: string;
  consumer: string;
  eventId: string;
  /** 'done' for a processed message; attempt markers are 'processing'. */
  state: 'processing' | 'done';
  at: Date;
}

export interface InboxOptions {
  /** After this long a 'processing' marker counts as abandoned (its process died) and may be retried. */
  readonly abandonAfterMs?: number;
}

export class InboxBusyError extends Error {
  override readonly name = 'InboxBusyError';
}

const MAX_ATTEMPT_MARKERS = 20;

/**
 * Consumer-side deduplication by event id. Markers are inserted on unique `_id`s (the only
 * atomic compare-and-set on FerretDB): `"<consumer>|<eventId>"` once done, and one
 * `"<consumer>|<eventId>#<n>"` per processing attempt, so two concurrent deliveries of the same
 * event do not both run `fn`. A failed `fn` removes its attempt marker so redelivery retries.
 */
export class Inbox {
  private readonly collection: Collection<InboxDocument>;
  private readonly abandonAfterMs: number;

  constructor(
    db: Db,
    private readonly name: string,
    options: InboxOptions = {},
  ) {
    this.collection = db.collection<InboxDocument>(OUTBOX_COLLECTIONS.inbox);
    this.abandonAfterMs = options.abandonAfterMs ?? 60_000;
  }

  async processOnce<T>(eventId: string, fn: () => Promise<T>): Promise<{ processed: true; result: T } | { processed: false }> {
    const doneId = `${this.name}|${eventId}`;
    if (await this.collection.findOne({ _id: doneId })) return { processed: false };
    const attemptId = await this.startAttempt(doneId, eventId);
    if (attemptId === undefined) return { processed: false };
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      await this.collection.deleteOne({ _id: attemptId }).catch(() => undefined);
      throw err;
    }
    await this.insert({ _id: doneId, consumer: this.name, eventId, state: 'done', at: new Date() });
    await this.collection.deleteOne({ _id: attemptId }).catch(() => undefined);
    return { processed: true, result };
  }

  async hasProcessed(eventId: string): Promise<boolean> {
    return (await this.collection.findOne({ _id: `${this.name}|${eventId}` })) !== null;
  }

  /** The id of this attempt's marker, or undefined when the event turned out to be done already. */
  private async startAttempt(doneId: string, eventId: string): Promise<string | undefined> {
    for (let n = 1; n <= MAX_ATTEMPT_MARKERS; n += 1) {
      const _id = `${doneId}#${n}`;
      if (await this.insert({ _id, consumer: this.name, eventId, state: 'processing', at: new Date() })) {
        if (await this.collection.findOne({ _id: doneId })) {
          await this.collection.deleteOne({ _id });
          return undefined;
        }
        return _id;
      }
      const other = await this.collection.findOne({ _id });
      if (other && Date.now() - other.at.getTime() < this.abandonAfterMs) {
        throw new InboxBusyError(`event ${eventId} is being processed by another delivery of '${this.name}'`);
      }
    }
    throw new InboxBusyError(`event ${eventId}: too many abandoned attempts in inbox '${this.name}'`);
  }

  private async insert(doc: InboxDocument): Promise<boolean> {
    return insertOnce(this.collection, doc);
  }
}
