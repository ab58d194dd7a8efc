import type { CommitDocument } from '../event-store/commit-document';
import type { EventEnvelope } from '../event-store/event-envelope';
import { fullJitterDelay, type BackoffPolicy } from '../lib/backoff';
import type { DeadLetters } from './dead-letters';
import { deliverySignalId, type DeliveryCheckpointDocument, type DeliveryRecords, type DeliverySignalDocument } from './delivery-records';
import type { Lease } from './lease';
import type { RelayMetrics } from './relay-metrics';
import type { Subscriber } from './subscriber';

/** Exclusive right (a lease) to deliver one stream to one subscriber, plus the signals that led to it. */
export interface StreamClaim {
  readonly subscriber: Subscriber;
  readonly streamId: string;
  readonly lease: Lease;
  readonly signals: readonly DeliverySignalDocument[];
}

export type StreamDeliveryStatus =
  | 'caught-up'
  | 'retry-scheduled'
  | 'backing-off'
  | 'dead-lettered'
  | 'parked'
  | 'lease-exhausted'
  | 'lease-lost';

export interface StreamDeliveryOutcome {
  readonly delivered: number;
  readonly status: StreamDeliveryStatus;
}

export interface RelayRunSummary {
  /** Commit pointers turned into delivery signals. */
  readonly fannedOut: number;
  readonly claimed: number;
  readonly delivered: number;
  readonly outcomes: readonly StreamDeliveryOutcome[];
  /** Commit time of the oldest due signal this poll saw (undefined: none was due). */
  readonly oldestDueAt?: Date;
}

/** The checkpoint after `event` of `commit` was delivered (or skipped as not accepted). */
export function advance(checkpoint: DeliveryCheckpointDocument, event: EventEnvelope, commit: CommitDocument): DeliveryCheckpointDocument {
  const { retryAt: _retryAt, lastError: _lastError, ...rest } = checkpoint;
  return {
    ...rest,
    version: event.version,
    cursor: event.version === commit.lastVersion ? commit.lastVersion : commit.firstVersion - 1,
    attempts: 0,
  };
}

/** Once the event a dead letter was re-queued for is delivered, the dead letter is resolved and the marker goes. */
export async function resolveRequeued(deadLetters: DeadLetters, checkpoint: DeliveryCheckpointDocument, event: EventEnvelope): Promise<DeliveryCheckpointDocument> {
  if (!checkpoint.requeued || event.version < checkpoint.requeued.version) return checkpoint;
  await deadLetters.resolve(checkpoint.requeued.deadLetterId);
  const { requeued: _requeued, ...rest } = checkpoint;
  return rest;
}

export function recordDelivered(metrics: RelayMetrics, subscriber: string, commit: CommitDocument): void {
  metrics.delivered.inc({ subscriber });
  metrics.lag.observe({ subscriber }, Math.max(0, Date.now() - commit.committedAt.getTime()) / 1000);
}

/** Keeps one signal, at the cursor, due at `dueAt`; optionally drops the claim's other signals. */
export async function holdAtCursor(records: DeliveryRecords, claim: StreamClaim, cursor: number, dueAt: Date, dropOthers = true): Promise<void> {
  const keep = deliverySignalId(claim.subscriber.name, claim.streamId, cursor);
  await records.scheduleSignal(claim.subscriber.name, claim.streamId, cursor, dueAt);
  if (dropOthers) await records.deleteSignals(claim.signals.map((s) => s._id).filter((id) => id !== keep));
}

export interface FailureDeps {
  readonly records: DeliveryRecords;
  readonly deadLetters: DeadLetters;
  readonly metrics: RelayMetrics;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  /** Where the failed attempt's checkpoint goes (the store, or a leader's checkpoints written through). */
  readonly saveCheckpoint: (checkpoint: DeliveryCheckpointDocument) => Promise<void>;
}

/**
 * The event at the head of a stream failed: count the attempt and retry it later with backoff, or,
 * after `maxAttempts`, park it in the dead letters (later events of the stream wait for a re-queue).
 */
export async function recordFailure(
  deps: FailureDeps,
  claim: StreamClaim,
  checkpoint: DeliveryCheckpointDocument,
  event: EventEnvelope,
  err: unknown,
): Promise<Exclude<StreamDeliveryStatus, 'caught-up'>> {
  const name = claim.subscriber.name;
  const attempts = checkpoint.attempts + 1;
  const lastError = describe(err);
  deps.metrics.failures.inc({ subscriber: name });
  if (attempts >= deps.maxAttempts) {
    // The dead letter first, then the checkpoint naming it: a re-queue acts only once both say so.
    const deadLetterId = await deps.deadLetters.park({
      subscriber: name,
      streamId: claim.streamId,
      version: event.version,
      eventId: event.eventId,
      type: event.type,
      event,
      attempts,
      lastError,
    });
    const { retryAt: _retryAt, requeued: _requeued, ...rest } = checkpoint;
    await deps.saveCheckpoint({ ...rest, attempts, lastError, parked: { deadLetterId, version: event.version } });
    await deps.records.deleteSignals(claim.signals.map((s) => s._id));
    deps.metrics.deadLettered.inc({ subscriber: name });
    return 'dead-lettered';
  }
  const retryAt = new Date(Date.now() + fullJitterDelay(attempts, deps.backoff));
  await deps.saveCheckpoint({ ...checkpoint, attempts, lastError, retryAt });
  await holdAtCursor(deps.records, claim, checkpoint.cursor, retryAt);
  return 'retry-scheduled';
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 2_000);
}
