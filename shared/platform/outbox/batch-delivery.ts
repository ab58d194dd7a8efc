import type { CommitDocument } from '../event-store/commit-document';
import type { EventEnvelope } from '../event-store/event-envelope';
import type { BackoffPolicy } from '../lib/backoff';
import { mapLimit } from '../lib/map-limit';
import type { DeadLetters } from './dead-letters';
import { deliverySignalId, type DeliveryCheckpointDocument, type DeliveryRecords } from './delivery-records';
import type { Leases } from './lease';
import type { LeaderCheckpoints } from './leader-checkpoints';
import type { CommitReader } from './recent-commits';
import type { RelayMetrics } from './relay-metrics';
import { subscriberAccepts, type BatchSubscriber, type StreamEventsOutcome } from './subscriber';
import { advance, holdAtCursor, recordDelivered, recordFailure, resolveRequeued, type StreamClaim, type StreamDeliveryOutcome } from './delivery-steps';

export interface BatchDeliveryDeps {
  readonly store: CommitReader;
  readonly records: DeliveryRecords;
  readonly deadLetters: DeadLetters;
  readonly leases: Leases;
  readonly metrics: RelayMetrics;
  /** The leader's checkpoints of the subscriber. */
  readonly checkpoints: LeaderCheckpoints;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  readonly minLeaseLeftMs: number;
  /** The insert of this poll's new signals, under way: awaited before any signal is written. */
  readonly signalsStored: Promise<void>;
  /** The previous batch's closing writes: this batch's go after them. */
  readonly previous: Promise<void>;
}

export interface BatchDelivery {
  readonly outcomes: StreamDeliveryOutcome[];
  /** The closing writes (checkpoints due, delivered signals dropped), still under way: the next poll need not wait. */
  readonly finishing: Promise<void>;
  /** The signals those writes drop. */
  readonly dropping: readonly string[];
}

/** Events of one stream a batch walks at most; the rest waits for the next batch (a signal stays at the cursor). */
const MAX_EVENTS_PER_STREAM = 1_000;
/** Streams read at once (most of their commits are in memory already, from the fan-out). */
const READ_CONCURRENCY = 8;

interface Item {
  readonly event: EventEnvelope;
  readonly commit: CommitDocument;
  readonly accepted: boolean;
}

interface Walk {
  readonly claim: StreamClaim;
  readonly start: DeliveryCheckpointDocument;
  readonly items: Item[];
  readonly walked: string[];
  /** The walk stopped at the cap with commits left behind. */
  cut: boolean;
}

/**
 * Delivers the claimed streams of a batch subscriber in one go: reads each stream's commits from
 * its checkpoint, hands every stream's events to `handleBatch` at once, then moves the checkpoints
 * (see LeaderCheckpoints) and drops the delivered signals with one command. Per stream it keeps
 * the guarantees of `deliverStream`: version order, nothing after a failed event (retried with
 * backoff, then dead-lettered), a parked stream waits for its re-queue, a lease that ran out while
 * the subscriber worked records nothing.
 *
 * A stream is walked through its last signalled commit (later ones have signals of their own),
 * or to its head when it resumes after a failure or a re-queue (holding it dropped later signals).
 */
export async function deliverBatch(deps: BatchDeliveryDeps, subscriber: BatchSubscriber, claims: readonly StreamClaim[]): Promise<BatchDelivery> {
  const outcomes = new Map<StreamClaim, StreamDeliveryOutcome>();
  const checkpoints = await deps.checkpoints.load(claims.map((c) => c.streamId));
  const dropped: string[] = [];
  /** Signals of parked streams (a re-queue writes one with an id of its own). */
  const droppedParked: string[] = [];
  const walks: Walk[] = [];
  /** Signal writes that wait for this poll's new signals to be stored. */
  const holds: (() => Promise<void>)[] = [];
  for (const claim of claims) {
    const checkpoint = checkpoints.get(claim.streamId) as DeliveryCheckpointDocument;
    if (checkpoint.parked) {
      droppedParked.push(...claim.signals.map((s) => s._id));
      outcomes.set(claim, { delivered: 0, status: 'parked' });
    } else if (checkpoint.retryAt && checkpoint.retryAt.getTime() > Date.now()) {
      const retryAt = checkpoint.retryAt;
      holds.push(() => holdAtCursor(deps.records, claim, checkpoint.cursor, retryAt));
      outcomes.set(claim, { delivered: 0, status: 'backing-off' });
    } else if (deps.leases.remainingMs(claim.lease) < deps.minLeaseLeftMs) {
      holds.push(() => holdAtCursor(deps.records, claim, checkpoint.cursor, new Date(), false));
      outcomes.set(claim, { delivered: 0, status: 'lease-exhausted' });
    } else {
      walks.push({ claim, start: checkpoint, items: [], walked: [], cut: false });
    }
  }
  await mapLimit(walks, READ_CONCURRENCY, (w) => walk(deps.store, w));

  const handed = walks.filter((w) => w.items.some((i) => i.accepted));
  const results = new Map<string, StreamEventsOutcome>();
  try {
    const outcome = handed.length === 0 ? [] : await subscriber.handleBatch(handed.map((w) => ({ streamId: w.claim.streamId, events: w.items.filter((i) => i.accepted).map((i) => i.event) })));
    for (const r of outcome) results.set(r.streamId, r);
  } catch (err) {
    for (const w of handed) results.set(w.claim.streamId, { streamId: w.claim.streamId, delivered: 0, error: err });
  }

  await deps.signalsStored;
  for (const hold of holds) await hold();
  const due: DeliveryCheckpointDocument[] = [];
  const saveNow = async (c: DeliveryCheckpointDocument) => deps.checkpoints.persist([deps.checkpoints.update(c) ?? c]);
  for (const w of walks) {
    const { claim } = w;
    if (deps.leases.remainingMs(claim.lease) <= 0) {
      // Another relay may hold the stream by now: record nothing, the events are delivered again.
      await holdAtCursor(deps.records, claim, w.start.cursor, new Date(), false);
      outcomes.set(claim, { delivered: 0, status: 'lease-lost' });
      continue;
    }
    const result = results.get(claim.streamId);
    let checkpoint = w.start;
    let delivered = 0;
    let failure: { event: EventEnvelope; error: unknown } | undefined;
    for (const item of w.items) {
      if (!item.accepted) {
        checkpoint = advance(checkpoint, item.event, item.commit);
        continue;
      }
      if (delivered >= (result?.delivered ?? 0)) {
        failure = { event: item.event, error: result?.error ?? new Error(`${subscriber.name} did not take ${item.event.streamId} v${item.event.version}`) };
        break;
      }
      delivered += 1;
      recordDelivered(deps.metrics, subscriber.name, item.commit);
      checkpoint = await resolveRequeued(deps.deadLetters, advance(checkpoint, item.event, item.commit), item.event);
    }
    if (failure) {
      const status = await recordFailure({ ...deps, saveCheckpoint: saveNow }, claim, checkpoint, failure.event, failure.error);
      outcomes.set(claim, { delivered, status });
      continue;
    }
    const write = deps.checkpoints.update(checkpoint);
    if (write) due.push(write);
    if (w.cut) await holdAtCursor(deps.records, claim, checkpoint.cursor, new Date(), false);
    dropped.push(...w.walked, ...claim.signals.filter((s) => s.afterVersion < checkpoint.version).map((s) => s._id));
    outcomes.set(claim, { delivered, status: 'caught-up' });
  }
  // The subscriber has the events, and the leader's memory the checkpoints: what is left to write
  // overlaps the next poll. Neither write depends on the other (a stored checkpoint may trail, see
  // LeaderCheckpoints; a signal left behind leads to nothing new).
  const dropping = [...new Set([...droppedParked, ...dropped])];
  const finishing = deps.previous.then(() => Promise.all([deps.checkpoints.persist(due), deps.records.deleteSignals(dropping)])).then(() => undefined);
  finishing.catch(() => undefined);
  return { outcomes: claims.map((c) => outcomes.get(c) as StreamDeliveryOutcome), finishing, dropping };
}

/** Reads the stream's commits from the checkpoint: through the last signalled one, or to the head after a failure or re-queue. */
async function walk(store: CommitReader, w: Walk): Promise<void> {
  const { claim, start } = w;
  const toHead = start.attempts > 0 || start.requeued !== undefined;
  const lastSignalled = Math.max(...claim.signals.map((s) => s.afterVersion));
  let cursor = start.cursor;
  while (toHead || cursor <= lastSignalled) {
    if (w.items.length >= MAX_EVENTS_PER_STREAM) {
      w.cut = true;
      return;
    }
    const commit = await store.readCommit(claim.streamId, cursor);
    if (!commit) return;
    for (const event of commit.events) {
      if (event.version > start.version) w.items.push({ event, commit, accepted: subscriberAccepts(claim.subscriber, event.type) });
    }
    w.walked.push(deliverySignalId(claim.subscriber.name, claim.streamId, commit.firstVersion - 1));
    cursor = commit.lastVersion;
  }
}
