import type { CommitDocument } from '../event-store/commit-document';
import type { EventEnvelope } from '../event-store/event-envelope';
import { fullJitterDelay, type BackoffPolicy } from '../lib/backoff';
import type { DeadLetters } from './dead-letters';
import {
  deliverySignalId,
  initialCheckpoint,
  type DeliveryCheckpointDocument,
  type DeliveryRecords,
  type DeliverySignalDocument,
} from './delivery-records';
import type { Lease, Leases } from './lease';
import { subscriberAccepts, type Subscriber } from './subscriber';
import type { RelayMetrics } from './relay-metrics';
import type { CommitReader } from './recent-commits';
import { deliverInSpan } from './delivery-tracing';

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

export interface StreamDeliveryDeps {
  /** Where commits are read (the relay's RecentCommits over the store). */
  readonly store: CommitReader;
  readonly records: DeliveryRecords;
  readonly deadLetters: DeadLetters;
  readonly leases: Leases;
  readonly metrics: RelayMetrics;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  readonly minLeaseLeftMs: number;
}

/**
 * Delivers one stream to one subscriber under its lease: walks the commit chain from the
 * subscriber's checkpoint in version order, one event at a time, recording progress after each
 * commit (and before stopping). A failure stops the walk there, so version n+1 is never handed
 * over before n; after `maxAttempts` the event is dead-lettered and the stream waits for a re-queue.
 *
 * Signals: any exit that leaves work behind keeps (or creates) the signal of the commit at the
 * cursor, so later work always has a trigger; other signals of the stream may then go.
 */
export async function deliverStream(deps: StreamDeliveryDeps, claim: StreamClaim): Promise<StreamDeliveryOutcome> {
  const { subscriber, streamId, lease } = claim;
  const name = subscriber.name;
  let checkpoint = (await deps.records.checkpoint(name, streamId)) ?? initialCheckpoint(name, streamId);
  const claimIds = claim.signals.map((s) => s._id);

  if (checkpoint.parked) {
    await deps.records.deleteSignals(claimIds);
    return { delivered: 0, status: 'parked' };
  }
  if (checkpoint.retryAt && checkpoint.retryAt.getTime() > Date.now()) {
    await holdAtCursor(deps, claim, checkpoint.cursor, checkpoint.retryAt);
    return { delivered: 0, status: 'backing-off' };
  }

  let delivered = 0;
  // Walks to the head, not just to the signalled commits: holding or parking a stream drops the
  // signals of the commits behind the one it waits on.
  const walked: string[] = [];
  for (;;) {
    const commit = await deps.store.readCommit(streamId, checkpoint.cursor);
    if (!commit) break;
    for (const event of commit.events) {
      if (event.version <= checkpoint.version) continue;
      if (!subscriberAccepts(subscriber, event.type)) {
        checkpoint = advance(checkpoint, event, commit);
        continue;
      }
      if (deps.leases.remainingMs(lease) < deps.minLeaseLeftMs) {
        if (deps.leases.remainingMs(lease) > 0) await deps.records.saveCheckpoint(checkpoint);
        await holdAtCursor(deps, claim, checkpoint.cursor, new Date(), false);
        return { delivered, status: 'lease-exhausted' };
      }
      try {
        await deliverInSpan(name, event, () => subscriber.handle(event));
      } catch (err) {
        return failed(deps, claim, checkpoint, event, err, delivered);
      }
      if (deps.leases.remainingMs(lease) <= 0) {
        // The lease ran out while the subscriber worked; another relay may already hold it.
        // Recording nothing means redelivery, never a checkpoint moved by two holders.
        await holdAtCursor(deps, claim, checkpoint.cursor, new Date(), false);
        return { delivered, status: 'lease-lost' };
      }
      delivered += 1;
      deps.metrics.delivered.inc({ subscriber: name });
      deps.metrics.lag.observe({ subscriber: name }, Math.max(0, Date.now() - commit.committedAt.getTime()) / 1000);
      checkpoint = advance(checkpoint, event, commit);
      if (checkpoint.requeued && event.version >= checkpoint.requeued.version) {
        await deps.deadLetters.resolve(checkpoint.requeued.deadLetterId);
        const { requeued: _requeued, ...rest } = checkpoint;
        checkpoint = rest;
      }
    }
    await deps.records.saveCheckpoint(checkpoint);
    walked.push(deliverySignalId(name, streamId, commit.firstVersion - 1));
  }
  // Signals of commits now behind the checkpoint go once the checkpoint is saved (a crash before
  // leaves them behind: a later claim finds nothing new and drops them then).
  const done = new Set([...walked, ...claim.signals.filter((s) => s.afterVersion < checkpoint.version).map((s) => s._id)]);
  await deps.records.deleteSignals([...done]);
  return { delivered, status: 'caught-up' };
}

function advance(checkpoint: DeliveryCheckpointDocument, event: EventEnvelope, commit: CommitDocument): DeliveryCheckpointDocument {
  const { retryAt: _retryAt, lastError: _lastError, ...rest } = checkpoint;
  return {
    ...rest,
    version: event.version,
    cursor: event.version === commit.lastVersion ? commit.lastVersion : commit.firstVersion - 1,
    attempts: 0,
  };
}

async function failed(
  deps: StreamDeliveryDeps,
  claim: StreamClaim,
  checkpoint: DeliveryCheckpointDocument,
  event: EventEnvelope,
  err: unknown,
  delivered: number,
): Promise<StreamDeliveryOutcome> {
  const name = claim.subscriber.name;
  const attempts = checkpoint.attempts + 1;
  const lastError = describe(err);
  deps.metrics.failures.inc({ subscriber: name });
  if (attempts >= deps.maxAttempts) {
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
    await deps.records.saveCheckpoint({ ...rest, attempts, lastError, parked: { deadLetterId, version: event.version } });
    await deps.records.deleteSignals(claim.signals.map((s) => s._id));
    deps.metrics.deadLettered.inc({ subscriber: name });
    return { delivered, status: 'dead-lettered' };
  }
  const retryAt = new Date(Date.now() + fullJitterDelay(attempts, deps.backoff));
  await deps.records.saveCheckpoint({ ...checkpoint, attempts, lastError, retryAt });
  await holdAtCursor(deps, claim, checkpoint.cursor, retryAt);
  return { delivered, status: 'retry-scheduled' };
}

/** Keeps one signal, at the cursor, due at `dueAt`; optionally drops the claim's other signals. */
async function holdAtCursor(deps: StreamDeliveryDeps, claim: StreamClaim, cursor: number, dueAt: Date, dropOthers = true): Promise<void> {
  const keep = deliverySignalId(claim.subscriber.name, claim.streamId, cursor);
  await deps.records.scheduleSignal(claim.subscriber.name, claim.streamId, cursor, dueAt);
  if (dropOthers) await deps.records.deleteSignals(claim.signals.map((s) => s._id).filter((id) => id !== keep));
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 2_000);
}
