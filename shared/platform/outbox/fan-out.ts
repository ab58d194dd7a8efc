import type { BackoffPolicy } from '../lib/backoff';
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
  /**
   * Subscribers other relays run (their event filters are unknown here: always signalled), read
   * once the poll has found pointers: a subscriber registered before then gets every commit of
   * them (a list cached across polls would miss a new subscriber's first events).
   */
  readonly remoteSubscribers: () => Promise<readonly string[]>;
  /** Pointers an earlier fan-out of this relay is still removing: fanned out already, left out. */
  readonly removing?: ReadonlySet<string>;
  readonly missingCommitRecheck: BackoffPolicy;
}

export interface FanOutResult {
  readonly fannedOut: number;
  readonly due: number;
  readonly oldestDueMs?: number;
  /** The signals being written (this relay may deliver them at once, without reading them back). */
  readonly signals: readonly DeliverySignalDocument[];
  /** The signals' insert: await it before writing to any of them. */
  readonly signalsStored: Promise<void>;
  /** Then the pointers' removal and re-checks (they may overlap the next poll: see `removing`). */
  readonly pointersDone: Promise<void>;
  /** The pointers being removed. */
  readonly removed: readonly string[];
}

/** A pointer this young whose commit is not there yet is simply read again next poll (no write). */
const RECHECK_AFTER_MS = 1_000;

/**
 * Turns commit pointers into per-subscriber delivery signals. Signals are written before the
 * pointer is dropped, and re-running it is harmless (existing signals are kept), so it needs
 * no lease. A pointer whose commit is not there yet is looked at again later, never dropped:
 * next poll while it is young (the commit is usually a moment behind its pointer), then with
 * backoff (a writer that died leaves one whose commit never comes).
 */
export async function fanOutPendingCommits(deps: FanOutDeps, batchSize: number, now = new Date()): Promise<FanOutResult> {
  const removing = deps.removing ?? new Set<string>();
  const pointers = (await deps.pending.due(now, batchSize + removing.size)).filter((p) => !removing.has(p._id)).slice(0, batchSize);
  const [commits, remote] = await Promise.all([
    pointers.length === 0 ? [] : deps.store.readCommits(pointers),
    pointers.length === 0 ? [] : deps.remoteSubscribers(),
  ]);
  const signals: DeliverySignalDocument[] = [];
  const fanned: string[] = [];
  const late: (() => Promise<void>)[] = [];
  for (const [i, pointer] of pointers.entries()) {
    const commit = commits[i];
    if (!commit) {
      if (now.getTime() - pointer.createdAt.getTime() < RECHECK_AFTER_MS) continue;
      const delay = Math.min(deps.missingCommitRecheck.maxMs, deps.missingCommitRecheck.baseMs * 2 ** Math.min(pointer.checks, 30));
      late.push(() => deps.pending.recheckLater(pointer, new Date(now.getTime() + delay)));
      continue;
    }
    const local = deps.subscribers.filter((s) => commit.events.some((e) => subscriberAccepts(s, e.type))).map((s) => s.name);
    for (const name of [...local, ...remote]) {
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
  // All signals of the batch first, then all of its pointers: one command each. The caller goes
  // on delivering meanwhile (it has the signals in hand).
  const signalsStored = deps.records.addSignals(signals);
  const pointersDone = signalsStored.then(async () => {
    await Promise.all([deps.pending.removeAll(fanned), ...late.map((recheck) => recheck())]);
  });
  signalsStored.catch(() => undefined);
  pointersDone.catch(() => undefined);
  const oldest = pointers.reduce<number | undefined>((min, p) => Math.min(min ?? Infinity, p.createdAt.getTime()), undefined);
  return { fannedOut: fanned.length, due: pointers.length, signals, signalsStored, pointersDone, removed: fanned, ...(oldest === undefined ? {} : { oldestDueMs: now.getTime() - oldest }) };
}
