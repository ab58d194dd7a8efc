import type { Collection, Db, Filter } from 'mongodb';
import type { EventEnvelope } from '../event-store/event-envelope';
import { sleep } from '../lib/backoff';
import { OUTBOX_COLLECTIONS } from './outbox-collections';
import { DeliveryRecords, deliveryLeaseKey, initialCheckpoint } from './delivery-records';
import { Leases } from './lease';

export type DeadLetterStatus = 'parked' | 'requeued' | 'resolved';

export interface DeadLetter {
  /** `"<subscriber>|<streamId>@<version>"`. */
  readonly id: string;
  readonly subscriber: string;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly event: EventEnvelope;
  readonly attempts: number;
  readonly lastError: string;
  readonly deadAt: Date;
  readonly status: DeadLetterStatus;
  readonly requeuedAt?: Date;
  readonly resolvedAt?: Date;
}

interface DeadLetterDocument extends Omit<DeadLetter, 'id'> {
  _id: string;
}

export interface ListDeadLettersOptions {
  readonly subscriber?: string;
  /** Default: 'parked' (waiting for an operator). */
  readonly status?: DeadLetterStatus | 'all';
  readonly limit?: number;
}

export interface RequeueOptions {
  /** Lease on the (subscriber, stream) while re-queueing, so no relay works on it meanwhile. */
  readonly leaseMs?: number;
  /** How many times to try for that lease while a relay holds it. */
  readonly attempts?: number;
  readonly retryDelayMs?: number;
}

export type RequeueOutcome = 'requeued' | 'not-found' | 'not-parked' | 'busy';

export function deadLetterId(subscriber: string, streamId: string, version: number): string {
  return `${subscriber}|${streamId}@${version}`;
}

/**
 * Events a subscriber failed to take after the last retry. Delivery to that subscriber on
 * that stream stops there (later versions wait, so order holds) until an operator re-queues it.
 */
export class DeadLetters {
  private readonly collection: Collection<DeadLetterDocument>;

  constructor(private readonly db: Db) {
    this.collection = db.collection<DeadLetterDocument>(OUTBOX_COLLECTIONS.deadLetters);
  }

  async park(entry: Omit<DeadLetter, 'id' | 'status' | 'deadAt' | 'requeuedAt' | 'resolvedAt'>): Promise<string> {
    const _id = deadLetterId(entry.subscriber, entry.streamId, entry.version);
    const doc: DeadLetterDocument = { _id, ...entry, status: 'parked', deadAt: new Date() };
    await this.collection.replaceOne({ _id }, doc, { upsert: true });
    return _id;
  }

  async get(id: string): Promise<DeadLetter | null> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? toDeadLetter(doc) : null;
  }

  async list(options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
    const status = options.status ?? 'parked';
    const filter: Filter<DeadLetterDocument> = {
      ...(status === 'all' ? {} : { status }),
      ...(options.subscriber === undefined ? {} : { subscriber: options.subscriber }),
    };
    const docs = await this.collection.find(filter).sort({ deadAt: 1, _id: 1 }).limit(options.limit ?? 100).toArray();
    return docs.map(toDeadLetter);
  }

  /** How many of `subscriber`'s events wait in the dead letters, and the oldest of them. */
  async parked(subscriber: string): Promise<{ count: number; oldest: DeadLetter | null }> {
    const filter = { subscriber, status: 'parked' as const };
    const [count, oldest] = await Promise.all([
      this.collection.countDocuments(filter),
      this.collection.find(filter).sort({ 'event.timestamp': 1 }).limit(1).next(),
    ]);
    return { count, oldest: oldest ? toDeadLetter(oldest) : null };
  }

  async resolve(id: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'resolved', resolvedAt: new Date() } });
  }

  /**
   * Lets delivery of a parked stream resume at the dead-lettered event (with a fresh attempt
   * count). Holds the stream's delivery lease meanwhile, so it never races a relay delivering
   * streams under leases. The leader of a batch subscriber takes no stream leases; it writes a
   * parked stream's checkpoint only when it parks it (the dead letter, then the checkpoint naming
   * it), so a re-queue acts only once the checkpoint names this dead letter, and its signal has an
   * id of its own (the leader drops the signals it claimed of a parked stream).
   */
  async requeue(id: string, options: RequeueOptions = {}): Promise<RequeueOutcome> {
    const letter = await this.get(id);
    if (!letter) return 'not-found';
    if (letter.status !== 'parked') return 'not-parked';
    const leases = new Leases(this.db);
    const key = deliveryLeaseKey(letter.subscriber, letter.streamId);
    const tries = options.attempts ?? 50;
    for (let i = 0; i < tries; i += 1) {
      const lease = await leases.acquire(key, options.leaseMs ?? 10_000, `requeue:${id}`);
      if (!lease) {
        await sleep(options.retryDelayMs ?? 100);
        continue;
      }
      try {
        if (await this.requeueUnderLease(letter)) return 'requeued';
      } finally {
        await leases.release(lease);
      }
      await sleep(options.retryDelayMs ?? 100);
    }
    return 'busy';
  }

  /** False while the stream's checkpoint does not name this dead letter yet (its parking is under way). */
  private async requeueUnderLease(letter: DeadLetter): Promise<boolean> {
    const records = new DeliveryRecords(this.db);
    const checkpoint = (await records.checkpoint(letter.subscriber, letter.streamId)) ?? initialCheckpoint(letter.subscriber, letter.streamId);
    if (checkpoint.parked?.deadLetterId !== letter.id) return false;
    const { parked: _parked, retryAt: _retryAt, lastError: _lastError, ...rest } = checkpoint;
    await records.saveCheckpoint({ ...rest, attempts: 0, requeued: { deadLetterId: letter.id, version: letter.version } });
    await this.collection.updateOne({ _id: letter.id }, { $set: { status: 'requeued', requeuedAt: new Date() } });
    await records.addRequeueSignal(letter.subscriber, letter.streamId, checkpoint.cursor, letter.id);
    return true;
  }
}

function toDeadLetter(doc: DeadLetterDocument): DeadLetter {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

/** Operator entry points (the API's dead-letter routes). */
export function listDeadLetters(db: Db, options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
  return new DeadLetters(db).list(options);
}

export function requeueDeadLetter(db: Db, id: string, options: RequeueOptions = {}): Promise<RequeueOutcome> {
  return new DeadLetters(db).requeue(id, options);
}
