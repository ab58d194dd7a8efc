import type { BackoffPolicy } from '../lib/backoff';
import { mapLimit } from '../lib/map-limit';

/** Commit reads in flight at once (FerretDB answers exact-`_id` reads fastest a few at a time). */
const READ_CONCURRENCY = 8;
import { deliverySignalId, type DeliveryRecords, type DeliverySignalDocument } from './delivery-records';
import type { PendingCommits } from '../event-store/pending-commits';
import { subscriberAccepts, type Subscriber } from './subscriber';
import type { CommitReader } from './recent-commits';

export interface FanOutDeps {
  /** Where commits are read (the relay's RecentCommits over the store). */
  readonly store: CommitReader;
  readonly pending: PendingCommits;
  readonly records: DeliveryRecords;
  /** This relay's subscribers: signals only for those that accept an event of the commit. */
  readonly subscribers: readonly Subscriber[];
  /** Subscribers other relays run (their event filters are unknown here: always signalled). */
  readonly remoteSubscribers: readonly string[];
  readonly missingCommitRecheck: BackoffPolicy;
}

export interface FanOutResult {
  readonly fannedOut: number;
  readonly due: number;
  readonly oldestDueMs?: number;
  /** The signals written (this relay may deliver them at once, without reading them back). */
  readonly signals: readonly DeliverySignalDocument[];
  /** The pointers' removal, under way once their signals are stored (await it before the poll ends). */
  readonly pointersRemoved: Promise<void>;
}

/**
 * Turns commit pointers into per-subscriber delivery signals. Signals are written before the
 * pointer is dropped, and re-running it is harmless (existing signals are kept), so it needs
 * no lease. A pointer whose commit is not there yet is looked at again later, never dropped.
 */
export async function fanOutPendingCommits(deps: FanOutDeps, batchSize: number, now = new Date()): Promise<FanOutResult> {
  const pointers = await deps.pending.due(now, batchSize);
  const commits = await mapLimit(pointers, READ_CONCURRENCY, (p) => deps.store.readCommit(p.streamId, p.afterVersion));
  const signals: DeliverySignalDocument[] = [];
  const fanned: string[] = [];
  for (const [i, pointer] of pointers.entries()) {
    const commit = commits[i];
    if (!commit) {
      const delay = Math.min(deps.missingCommitRecheck.maxMs, deps.missingCommitRecheck.baseMs * 2 ** Math.min(pointer.checks, 30));
      await deps.pending.recheckLater(pointer, new Date(now.getTime() + delay));
      continue;
    }
    const local = deps.subscribers.filter((s) => commit.events.some((e) => subscriberAccepts(s, e.type))).map((s) => s.name);
    for (const name of [...local, ...deps.remoteSubscribers]) {
      signals.push({
        _id: deliverySignalId(name, commit.streamId, pointer.afterVersion),
        subscriber: name,
        streamId: commit.streamId,
        afterVersion: pointer.afterVersion,
        createdAt: commit.committedAt,
        dueAt: now,
      });
    }
    fanned.push(pointer._id);
  }
  // All signals of the batch first, then all of its pointers: one command each.
  await deps.records.addSignals(signals);
  const pointersRemoved = deps.pending.removeAll(fanned);
  pointersRemoved.catch(() => undefined);
  const oldest = pointers.reduce<number | undefined>((min, p) => Math.min(min ?? Infinity, p.createdAt.getTime()), undefined);
  return { fannedOut: fanned.length, due: pointers.length, signals, pointersRemoved, ...(oldest === undefined ? {} : { oldestDueMs: now.getTime() - oldest }) };
}
