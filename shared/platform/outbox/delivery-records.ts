import type { Collection, Db } from 'mongodb';
import { commitIdAfter } from '../event-store/commit-document';
import { isDuplicateKeyError } from '../mongo/mongo-errors';
import { OUTBOX_COLLECTIONS } from './outbox-collections';
import { deleteByIds } from '../mongo/delete-by-ids';

/**
 * "Subscriber X has undelivered work on stream S from this commit on." Created by the relay's
 * fan-out before it drops the commit pointer; deleted only once X's checkpoint has passed the commit.
 */
export interface DeliverySignalDocument {
  _id: string;
  subscriber: string;
  streamId: string;
  /** The commit this signal is about: `<streamId>@<afterVersion>`. */
  afterVersion: number;
  createdAt: Date;
  dueAt: Date;
}

/** Per subscriber and stream: how far delivery got, and the state of the event at the head of the line. */
export interface DeliveryCheckpointDocument {
  _id: string;
  subscriber: string;
  streamId: string;
  /** Delivered (or skipped as not accepted) through this version. */
  version: number;
  /** The commit holding `version + 1`, as the version it follows (equals `version` on a commit boundary). */
  cursor: number;
  /** Failed attempts of the event after `version`. */
  attempts: number;
  lastError?: string;
  retryAt?: Date;
  /** Set when that event went to the dead letters: delivery on this stream waits for a re-queue. */
  parked?: { deadLetterId: string; version: number };
  /** Set by a re-queue: the dead letter to resolve once that version is delivered. */
  requeued?: { deadLetterId: string; version: number };
  updatedAt: Date;
}

export function deliverySignalId(subscriber: string, streamId: string, afterVersion: number): string {
  return `${subscriber}|${commitIdAfter(streamId, afterVersion)}`;
}

export function deliveryCheckpointId(subscriber: string, streamId: string): string {
  return `${subscriber}|${streamId}`;
}

export function deliveryLeaseKey(subscriber: string, streamId: string): string {
  return `delivery|${subscriber}|${streamId}`;
}

export function initialCheckpoint(subscriber: string, streamId: string): DeliveryCheckpointDocument {
  return { _id: deliveryCheckpointId(subscriber, streamId), subscriber, streamId, version: 0, cursor: 0, attempts: 0, updatedAt: new Date() };
}

/** Signals and checkpoints; every write except the signal poll is by exact `_id`. */
export class DeliveryRecords {
  private readonly signals: Collection<DeliverySignalDocument>;
  private readonly checkpoints: Collection<DeliveryCheckpointDocument>;

  constructor(db: Db) {
    this.signals = db.collection<DeliverySignalDocument>(OUTBOX_COLLECTIONS.deliveries);
    this.checkpoints = db.collection<DeliveryCheckpointDocument>(OUTBOX_COLLECTIONS.checkpoints);
  }

  dueSignals(now: Date, subscribers: readonly string[], limit: number): Promise<DeliverySignalDocument[]> {
    return this.signals
      .find({ dueAt: { $lte: now }, subscriber: { $in: [...subscribers] } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .toArray();
  }

  /** Creates signals, keeping any that exist already (a re-run of the same fan-out). */
  async addSignals(signals: readonly DeliverySignalDocument[]): Promise<void> {
    if (signals.length === 0) return;
    try {
      await this.signals.insertMany([...signals], { ordered: false });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  /** Makes sure a signal for this commit exists and falls due at `dueAt`. */
  async scheduleSignal(subscriber: string, streamId: string, afterVersion: number, dueAt: Date): Promise<void> {
    const _id = deliverySignalId(subscriber, streamId, afterVersion);
    const update = { $set: { dueAt }, $setOnInsert: { subscriber, streamId, afterVersion, createdAt: new Date() } };
    try {
      await this.signals.updateOne({ _id }, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await this.signals.updateOne({ _id }, { $set: { dueAt } });
    }
  }

  /** The signal of a re-queue: due now, with an id of its own (see DeadLetters.requeue). */
  async addRequeueSignal(subscriber: string, streamId: string, afterVersion: number, deadLetterId: string): Promise<void> {
    const now = new Date();
    await this.addSignals([{ _id: `${deliverySignalId(subscriber, streamId, afterVersion)}#requeue:${deadLetterId}`, subscriber, streamId, afterVersion, createdAt: now, dueAt: now }]);
  }

  /** One command: the collection only holds undelivered work, so even a scanning server finds them fast. */
  async deleteSignals(ids: readonly string[]): Promise<void> {
    await deleteByIds(this.signals, ids);
  }

  /** Undelivered-work signals of `subscriber` (a scan of the small signal collection). */
  countSignals(subscriber: string): Promise<number> {
    return this.signals.countDocuments({ subscriber });
  }

  /** The signal of the oldest commit `subscriber` has not taken yet (its `createdAt` is the commit's time). */
  oldestSignal(subscriber: string): Promise<DeliverySignalDocument | null> {
    return this.signals.find({ subscriber }).sort({ createdAt: 1 }).limit(1).next();
  }

  /** Every checkpoint of a subscriber (a scan: a new leader of a batch subscriber reads them once). */
  allCheckpoints(subscriber: string): Promise<DeliveryCheckpointDocument[]> {
    return this.checkpoints.find({ subscriber }).toArray();
  }

  checkpoint(subscriber: string, streamId: string): Promise<DeliveryCheckpointDocument | null> {
    return this.checkpoints.findOne({ _id: deliveryCheckpointId(subscriber, streamId) });
  }

  /** Written only by the holder of the (subscriber, stream) lease. */
  async saveCheckpoint(checkpoint: DeliveryCheckpointDocument): Promise<void> {
    await this.checkpoints.replaceOne({ _id: checkpoint._id }, storedCheckpoint(checkpoint), { upsert: true });
  }

  /** Many checkpoints, a few commands (an update is a read plus a write on FerretDB, so these are the costly writes). */
  async saveCheckpoints(checkpoints: readonly DeliveryCheckpointDocument[]): Promise<void> {
    if (checkpoints.length === 1) return this.saveCheckpoint(checkpoints[0] as DeliveryCheckpointDocument);
    for (let i = 0; i < checkpoints.length; i += UPDATES_PER_COMMAND) {
      const chunk = checkpoints.slice(i, i + UPDATES_PER_COMMAND);
      await this.checkpoints.bulkWrite(chunk.map((c) => ({ replaceOne: { filter: { _id: c._id }, replacement: storedCheckpoint(c), upsert: true } })), { ordered: false });
    }
  }
}

/** FerretDB 1.24 stops answering an update command of 100 or more statements; stay well below. */
const UPDATES_PER_COMMAND = 50;

function storedCheckpoint(checkpoint: DeliveryCheckpointDocument): DeliveryCheckpointDocument {
  return Object.fromEntries(Object.entries({ ...checkpoint, updatedAt: new Date() }).filter(([, v]) => v !== undefined)) as unknown as DeliveryCheckpointDocument;
}
