import { mapLimit } from '../lib/map-limit';
import { initialCheckpoint, type DeliveryCheckpointDocument, type DeliveryRecords } from './delivery-records';

/** Versions a stream's stored checkpoint may trail the leader's before it is written. */
export const DURABLE_EVERY_VERSIONS = 32;

interface Entry {
  checkpoint: DeliveryCheckpointDocument;
  /** Version of the stored checkpoint, and whether it carries retry, park or re-queue state. */
  durableVersion: number;
  durableHasState: boolean;
}

const hasState = (c: DeliveryCheckpointDocument): boolean =>
  c.attempts > 0 || c.retryAt !== undefined || c.parked !== undefined || c.requeued !== undefined;

/**
 * A batch subscriber's checkpoints, kept in memory by the one relay that leads it. A checkpoint
 * update is the costliest write of a delivery on FerretDB (a read and a write), so progress is
 * written every DURABLE_EVERY_VERSIONS versions of a stream, and at once whenever it carries
 * retry, park or re-queue state; everything left is written when the leader stops. A leader that
 * dies leaves checkpoints up to that many versions behind: its successor walks those versions
 * again and the subscriber, idempotent per stream version, skips them. Nothing is skipped: a
 * stored checkpoint is never ahead of what was delivered.
 *
 * Only the leader writes them, and the leader holds the stream's lease while it does, so its
 * memory is the truth, except for parked streams: an operator's re-queue rewrites those, so they
 * are always read again. A new leader reads all of them once (`preload`): streams it then does
 * not know have no stored checkpoint, and need no read (most streams are short and never get one).
 */
export class LeaderCheckpoints {
  private readonly entries = new Map<string, Entry>();
  /** True while `entries` holds every stored checkpoint of the subscriber. */
  private complete = false;

  constructor(
    private readonly records: DeliveryRecords,
    private readonly subscriber: string,
    private readonly capacity = 100_000,
  ) {}

  /** The checkpoints of these streams: from memory, or read (in parallel) when unknown or parked. */
  async load(streamIds: readonly string[]): Promise<Map<string, DeliveryCheckpointDocument>> {
    const found = new Map<string, DeliveryCheckpointDocument>();
    const unknown: string[] = [];
    for (const id of streamIds) {
      const entry = this.entries.get(id);
      if (entry && !entry.checkpoint.parked) found.set(id, entry.checkpoint);
      else if (!entry && this.complete) found.set(id, this.remember(initialCheckpoint(this.subscriber, id), null));
      else unknown.push(id);
    }
    const read = await mapLimit(unknown, 8, (id) => this.records.checkpoint(this.subscriber, id));
    unknown.forEach((id, i) => {
      const stored = read[i] ?? null;
      found.set(id, this.remember(stored ?? initialCheckpoint(this.subscriber, id), stored));
    });
    return found;
  }

  /** Reads every stored checkpoint of the subscriber (one scan), forgetting what it held. */
  async preload(): Promise<void> {
    this.entries.clear();
    this.complete = false;
    for (const stored of await this.records.allCheckpoints(this.subscriber)) this.remember(stored, stored);
    this.complete = this.entries.size <= this.capacity;
    if (!this.complete) this.entries.clear();
  }

  private remember(checkpoint: DeliveryCheckpointDocument, stored: DeliveryCheckpointDocument | null): DeliveryCheckpointDocument {
    this.entries.set(checkpoint.streamId, { checkpoint, durableVersion: stored?.version ?? 0, durableHasState: stored ? hasState(stored) : false });
    return checkpoint;
  }

  /** Progress to keep: returned when it must be written now (call `persist` with it). */
  update(checkpoint: DeliveryCheckpointDocument): DeliveryCheckpointDocument | undefined {
    const entry = this.entries.get(checkpoint.streamId);
    const durableVersion = entry?.durableVersion ?? 0;
    const durableHasState = entry?.durableHasState ?? false;
    this.entries.set(checkpoint.streamId, { checkpoint, durableVersion, durableHasState });
    const due = hasState(checkpoint) || durableHasState || checkpoint.version - durableVersion >= DURABLE_EVERY_VERSIONS;
    return due ? checkpoint : undefined;
  }

  /** Writes checkpoints (a few commands for many) and remembers them as stored. */
  async persist(checkpoints: readonly DeliveryCheckpointDocument[]): Promise<void> {
    if (checkpoints.length === 0) return;
    await this.records.saveCheckpoints(checkpoints);
    for (const c of checkpoints) {
      const entry = this.entries.get(c.streamId);
      if (entry?.checkpoint === c) this.entries.set(c.streamId, { checkpoint: c, durableVersion: c.version, durableHasState: hasState(c) });
    }
    if (this.entries.size > this.capacity) await this.flush({ forget: true });
  }

  /** Writes every checkpoint the store does not have yet (a graceful stop, or memory full). */
  async flush(options: { forget?: boolean } = {}): Promise<void> {
    const behind = [...this.entries.values()].filter((e) => e.checkpoint.version !== e.durableVersion || hasState(e.checkpoint) !== e.durableHasState);
    const checkpoints = behind.map((e) => e.checkpoint);
    if (checkpoints.length > 0) await this.records.saveCheckpoints(checkpoints);
    for (const c of checkpoints) this.entries.set(c.streamId, { checkpoint: c, durableVersion: c.version, durableHasState: hasState(c) });
    if (options.forget) {
      this.entries.clear();
      this.complete = false;
    }
  }

  /** Forgets everything: another relay may have led meanwhile. */
  clear(): void {
    this.entries.clear();
    this.complete = false;
  }
}
