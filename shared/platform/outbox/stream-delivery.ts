import type { BackoffPolicy } from '../lib/backoff';
import type { DeadLetters } from './dead-letters';
import { deliverySignalId, initialCheckpoint, type DeliveryRecords } from './delivery-records';
import type { Leases } from './lease';
import { subscriberAccepts } from './subscriber';
import type { RelayMetrics } from './relay-metrics';
import type { CommitReader } from './recent-commits';
import { advance, holdAtCursor, recordDelivered, recordFailure, resolveRequeued, type StreamClaim, type StreamDeliveryOutcome } from './delivery-steps';
import { deliverInSpan } from './delivery-tracing';

export type { StreamClaim, StreamDeliveryOutcome, StreamDeliveryStatus } from './delivery-steps';

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
    await holdAtCursor(deps.records, claim, checkpoint.cursor, checkpoint.retryAt);
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
        await holdAtCursor(deps.records, claim, checkpoint.cursor, new Date(), false);
        return { delivered, status: 'lease-exhausted' };
      }
      try {
        await deliverInSpan(name, event, () => subscriber.handle(event));
      } catch (err) {
        const status = await recordFailure({ ...deps, saveCheckpoint: (c) => deps.records.saveCheckpoint(c) }, claim, checkpoint, event, err);
        return { delivered, status };
      }
      if (deps.leases.remainingMs(lease) <= 0) {
        // The lease ran out while the subscriber worked; another relay may already hold it.
        // Recording nothing means redelivery, never a checkpoint moved by two holders.
        await holdAtCursor(deps.records, claim, checkpoint.cursor, new Date(), false);
        return { delivered, status: 'lease-lost' };
      }
      delivered += 1;
      recordDelivered(deps.metrics, name, commit);
      checkpoint = await resolveRequeued(deps.deadLetters, advance(checkpoint, event, commit), event);
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
