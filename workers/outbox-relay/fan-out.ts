import type { EventStore } from '../../shared/event-store/event-store';
import type { BackoffPolicy } from '../../shared/outbox/backoff';
import { deliverySignalId, type DeliveryRecords, type DeliverySignalDocument } from '../../shared/outbox/delivery-records';
import type { PendingCommits } from '../../shared/outbox/pending-commits';
import { subscriberAccepts, type Subscriber } from '../../shared/outbox/subscriber';

export interface FanOutDeps {
  readonly store: EventStore;
  readonly pending: PendingCommits;
  readonly records: DeliveryRecords;
  /** This relay's subscribers: signals only for those that accept an event of the commit. */
  readonly subscribers: readonly Subscriber[];
  /** Subscribers other relays run (their event filters are unknown here: always signalled). */
  readonly remoteSubscribers: readonly string[];
  readonly missingCommitRecheck: BackoffPolicy;
}

/**
 * Turns commit pointers into per-subscriber delivery signals. Signals are written before the
 * pointer is dropped, and re-running it is harmless (existing signals are kept), so it needs
 * no lease. A pointer whose commit is not there yet is looked at again later, never dropped.
 */
export async function fanOutPendingCommits(deps: FanOutDeps, batchSize: number, now = new Date()): Promise<{ fannedOut: number; oldestDueMs?: number; due: number }> {
  const pointers = await deps.pending.due(now, batchSize);
  let fannedOut = 0;
  for (const pointer of pointers) {
    const commit = await deps.store.readCommit(pointer.streamId, pointer.afterVersion);
    if (!commit) {
      const delay = Math.min(deps.missingCommitRecheck.maxMs, deps.missingCommitRecheck.baseMs * 2 ** Math.min(pointer.checks, 30));
      await deps.pending.recheckLater(pointer, new Date(now.getTime() + delay));
      continue;
    }
    const local = deps.subscribers.filter((s) => commit.events.some((e) => subscriberAccepts(s, e.type))).map((s) => s.name);
    const signals: DeliverySignalDocument[] = [...local, ...deps.remoteSubscribers]
      .map((name) => ({
        _id: deliverySignalId(name, commit.streamId, pointer.afterVersion),
        subscriber: name,
        streamId: commit.streamId,
        afterVersion: pointer.afterVersion,
        createdAt: commit.committedAt,
        dueAt: now,
      }));
    await deps.records.addSignals(signals);
    await deps.pending.remove(pointer._id);
    fannedOut += 1;
  }
  const oldest = pointers.reduce<number | undefined>((min, p) => Math.min(min ?? Infinity, p.createdAt.getTime()), undefined);
  return { fannedOut, due: pointers.length, ...(oldest === undefined ? {} : { oldestDueMs: now.getTime() - oldest }) };
}
