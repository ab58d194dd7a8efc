import type { Db } from 'mongodb';
import { CommitFeed } from '../event-store/commit-feed';
import { RecentCommits } from './recent-commits';
import { DeadLetters } from './dead-letters';
import { DeliveryRecords, deliveryLeaseKey, type DeliverySignalDocument } from './delivery-records';
import { Leases } from './lease';
import type { PendingCommits } from '../event-store/pending-commits';
import { assertValidSubscriberName, isBatchSubscriber, type BatchSubscriber, type Subscriber } from './subscriber';
import { SubscriberRegistry } from './subscriber-registry';
import { fanOutPendingCommits } from './fan-out';
import { createRelayMetrics, type RelayMetrics } from './relay-metrics';
import { registerBacklogMetrics } from './backlog-metrics';
import { resolveRelayOptions, type OutboxRelayOptions, type ResolvedRelayOptions } from './relay-options';
import { deliverStream, type StreamClaim, type StreamDeliveryOutcome } from './stream-delivery';
import type { RelayRunSummary } from './delivery-steps';

export type { RelayRunSummary } from './delivery-steps';
import { deliverBatch } from './batch-delivery';
import { LeaderCheckpoints } from './leader-checkpoints';
import { Leadership } from './leadership';

const MARKER_SWEEP_INTERVAL_MS = 10 * 60_000;
/** How often the relay re-announces its subscribers (the others' are read by every fan-out that has work). */
const REGISTRY_REFRESH_MS = 5_000;

/** A batch subscriber and what its leader keeps. */
interface Led {
  readonly subscriber: BatchSubscriber;
  readonly leadership: Leadership;
  readonly checkpoints: LeaderCheckpoints;
  leading: boolean;
  /** The last batch's closing writes (checkpoints, dropped signals), overlapping the next poll. */
  finishing: Promise<void>;
  /** Signals those writes are dropping: not claimed again meanwhile. */
  readonly dropping: Set<string>;
}

/**
 * Delivers committed events to subscribers, at least once and in version order per stream and
 * subscriber. Several relays may run side by side: work on a (subscriber, stream) is leased.
 * One poll: fan commit pointers out into per-subscriber signals, claim the streams with due
 * signals (one insert command leases them all), deliver each claimed stream from its checkpoint,
 * release the leases.
 *
 * A batch subscriber (see BatchSubscriber) is delivered by one relay at a time, its leader, which
 * hands it every claimed stream of a poll at once and keeps its checkpoints in memory; the other
 * relays running it stand by. A relay that leads nothing and has no other subscriber does nothing.
 */
export class OutboxRelay {
  private readonly options: ResolvedRelayOptions;
  private readonly recentCommits: RecentCommits;
  private readonly pending: PendingCommits;
  private readonly records: DeliveryRecords;
  private readonly leases: Leases;
  private readonly deadLetters: DeadLetters;
  private readonly metrics: RelayMetrics;
  private readonly subscribers: ReadonlyMap<string, Subscriber>;
  private readonly led: ReadonlyMap<string, Led>;
  private loop?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private lastMarkerSweep = 0;
  private readonly registry: SubscriberRegistry;
  private lastRegistryRefresh = 0;
  /** Pointers fanned out whose removal is still under way (it overlaps the next poll). */
  private readonly removingPointers = new Set<string>();
  private pointersRemoved: Promise<void> = Promise.resolve();
  /** Pointers and signals the next poll reads (see maxBatchSize). */
  private page: number;

  constructor(db: Db, options: OutboxRelayOptions) {
    this.options = resolveRelayOptions(options);
    options.subscribers.forEach((s) => assertValidSubscriberName(s.name));
    this.subscribers = new Map(options.subscribers.map((s) => [s.name, s]));
    const feed = new CommitFeed(db);
    // A poll reads at most a batch of new commits (fan-out) and delivers them moments later.
    this.recentCommits = new RecentCommits(feed, Math.max(256, this.options.maxBatchSize * 2));
    this.page = this.options.batchSize;
    this.pending = feed.pending;
    this.records = new DeliveryRecords(db);
    this.leases = new Leases(db, { graceMs: this.options.leaseGraceMs });
    this.deadLetters = new DeadLetters(db);
    this.metrics = createRelayMetrics(this.options.registry);
    if (this.options.registry) registerBacklogMetrics(this.options.registry, db, [...this.subscribers.keys()]);
    this.registry = new SubscriberRegistry(db);
    this.led = new Map(options.subscribers.filter(isBatchSubscriber).map((subscriber) => [subscriber.name, {
      subscriber,
      leadership: new Leadership(this.leases, subscriber.name, this.options.leaseMs, this.options.relayId),
      checkpoints: new LeaderCheckpoints(this.records, subscriber.name),
      leading: false,
      finishing: Promise.resolve(),
      dropping: new Set<string>(),
    }]));
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Finishes the poll in progress (its deliveries and lease releases), then stops; a leader writes its checkpoints and steps down. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.settled();
    for (const led of this.led.values()) {
      if (!led.leading) continue;
      await led.checkpoints.flush().catch((err: unknown) => this.options.logger?.warn({ err, subscriber: led.subscriber.name }, 'writing checkpoints failed'));
      led.leading = false;
      led.checkpoints.clear();
      await led.leadership.release().catch(() => undefined);
    }
  }

  /** Waits for the closing writes of the batches delivered so far (they overlap the next poll). */
  async settled(): Promise<void> {
    await Promise.all([this.pointersRemoved, ...[...this.led.values()].map((led) => led.finishing)]);
  }

  async runOnce(): Promise<RelayRunSummary> {
    const { claims, fannedOut, oldestDueAt, signalsStored, pointersDone } = await this.claimWork();
    const batched = claims.filter((c) => this.led.has(c.subscriber.name));
    const single = claims.filter((c) => !this.led.has(c.subscriber.name));
    const [fromBatches, fromStreams] = await Promise.all([
      this.deliverBatches(batched, signalsStored),
      signalsStored.then(() => this.deliverAll(single)),
    ]);
    // A relay leading a batch subscriber lets its closing writes overlap the next poll; others finish them first.
    if (this.led.size === 0) await pointersDone;
    else this.pointersRemoved = Promise.all([this.pointersRemoved, pointersDone]).then(() => undefined);
    const outcomes = [...fromBatches, ...fromStreams];
    return {
      fannedOut,
      claimed: claims.length,
      delivered: outcomes.reduce((n, o) => n + o.delivered, 0),
      outcomes,
      ...(oldestDueAt ? { oldestDueAt } : {}),
    };
  }

  /**
   * Fans out pending commits and takes the leases of streams with due work. A claim must be
   * passed to `deliver` (which releases it); an abandoned claim blocks its stream until the lease expires.
   * Claims of batch subscribers are delivered by `runOnce` only.
   */
  async claim(): Promise<StreamClaim[]> {
    const { claims, pointersDone } = await this.claimWork();
    await pointersDone;
    return claims.filter((c) => !this.led.has(c.subscriber.name));
  }

  private async claimWork(): Promise<{ claims: StreamClaim[]; fannedOut: number; oldestDueAt?: Date; signalsStored: Promise<void>; pointersDone: Promise<void> }> {
    const served = await this.servedSubscribers();
    if (served.length === 0) return { claims: [], fannedOut: 0, signalsStored: Promise.resolve(), pointersDone: Promise.resolve() };
    await this.refreshRegistry();
    const now = new Date();
    // New commits are fanned out while the signals due from before are read; the new ones join them.
    const [fanOut, earlier] = await Promise.all([
      fanOutPendingCommits(
        {
          store: this.recentCommits,
          pending: this.pending,
          records: this.records,
          subscribers: [...this.subscribers.values()],
          remoteSubscribers: async () => (await this.registry.activeNames()).filter((name) => !this.subscribers.has(name)),
          missingCommitRecheck: this.options.missingCommitRecheck,
          removing: this.removingPointers,
        },
        this.page,
        now,
      ),
      // Signals the last batch is still dropping come back from the query (and are left out below):
      // ask for that many more, or a backlog would shrink every other batch to nearly nothing.
      this.records.dueSignals(now, served, this.page + [...this.led.values()].reduce((n, led) => n + led.dropping.size, 0)),
    ]);
    for (const id of fanOut.removed) this.removingPointers.add(id);
    const removed = fanOut.pointersDone
      .catch((err: unknown) => this.options.logger?.warn({ err }, 'removing fanned-out pointers failed'))
      .finally(() => { for (const id of fanOut.removed) this.removingPointers.delete(id); });
    this.metrics.due.set({ kind: 'commit' }, fanOut.due);
    this.metrics.oldestDue.set({ kind: 'commit' }, (fanOut.oldestDueMs ?? 0) / 1000);

    const ids = new Set(earlier.map((s) => s._id));
    const dropping = (s: DeliverySignalDocument) => this.led.get(s.subscriber)?.dropping.has(s._id) ?? false;
    const waiting = earlier.filter((s) => !dropping(s));
    const full = fanOut.due >= this.page || waiting.length >= this.page;
    this.page = full ? Math.min(this.page * 2, this.options.maxBatchSize) : this.options.batchSize;
    const signals = [...waiting, ...fanOut.signals.filter((s) => served.includes(s.subscriber) && !ids.has(s._id) && !dropping(s))];
    this.metrics.due.set({ kind: 'delivery' }, signals.length);
    const oldest = signals.reduce((min, s) => Math.min(min, s.createdAt.getTime()), Infinity);
    this.metrics.oldestDue.set({ kind: 'delivery' }, signals.length === 0 ? 0 : (Date.now() - oldest) / 1000);

    const groups = [...groupByStream(signals)].filter(([, group]) => this.subscribers.has((group[0] as DeliverySignalDocument).subscriber));
    // Plain subscribers' streams are leased (one insert for all); a leader delivers under its leadership.
    const leased = groups.filter(([, group]) => !this.led.has((group[0] as DeliverySignalDocument).subscriber));
    const leases = await this.leases.acquireMany(leased.map(([key]) => key), this.options.leaseMs, this.options.relayId);
    const claims: StreamClaim[] = [];
    for (const [key, group] of groups) {
      const first = group[0] as DeliverySignalDocument;
      const lease = this.led.get(first.subscriber)?.leadership.current() ?? leases.get(key);
      if (lease) claims.push({ subscriber: this.subscribers.get(first.subscriber) as Subscriber, streamId: first.streamId, lease, signals: group });
    }
    return {
      claims, fannedOut: fanOut.fannedOut, signalsStored: fanOut.signalsStored, pointersDone: removed,
      ...(signals.length === 0 ? {} : { oldestDueAt: new Date(oldest) }),
    };
  }

  /** Subscribers this relay delivers now: every plain one, and the batch subscribers it leads. */
  private async servedSubscribers(): Promise<string[]> {
    const served = [...this.subscribers.keys()].filter((name) => !this.led.has(name));
    for (const led of this.led.values()) {
      const state = await led.leadership.hold();
      // Another relay may have led meanwhile: what this one remembers may be behind.
      if (state === 'gained' || state === 'lost') {
        led.checkpoints.clear();
        led.subscriber.reset?.();
      }
      if (state === 'gained') await led.checkpoints.preload();
      if (state === 'gained') this.options.logger?.info({ subscriber: led.subscriber.name }, 'leading batch subscriber');
      if (state === 'lost') this.options.logger?.warn({ subscriber: led.subscriber.name }, 'lost the lead of batch subscriber');
      led.leading = state === 'gained' || state === 'leading';
      if (led.leading) served.push(led.subscriber.name);
    }
    return served;
  }

  /** Delivers a claimed stream and releases its lease. */
  async deliver(claim: StreamClaim): Promise<StreamDeliveryOutcome> {
    try {
      return await deliverStream(
        {
          store: this.recentCommits,
          records: this.records,
          deadLetters: this.deadLetters,
          leases: this.leases,
          metrics: this.metrics,
          maxAttempts: this.options.maxAttempts,
          backoff: this.options.backoff,
          minLeaseLeftMs: this.options.minLeaseLeftMs,
        },
        claim,
      );
    } finally {
      await this.leases.release(claim.lease).catch((err: unknown) => this.options.logger?.warn({ err }, 'releasing a delivery lease failed'));
    }
  }

  private async deliverBatches(claims: readonly StreamClaim[], signalsStored: Promise<void>): Promise<StreamDeliveryOutcome[]> {
    const outcomes: StreamDeliveryOutcome[] = [];
    for (const led of this.led.values()) {
      const mine = claims.filter((c) => c.subscriber.name === led.subscriber.name);
      if (mine.length === 0) continue;
      try {
        const batch = await deliverBatch(
          {
            store: this.recentCommits,
            records: this.records,
            deadLetters: this.deadLetters,
            leases: this.leases,
            metrics: this.metrics,
            checkpoints: led.checkpoints,
            maxAttempts: this.options.maxAttempts,
            backoff: this.options.backoff,
            minLeaseLeftMs: this.options.minLeaseLeftMs,
            signalsStored,
            previous: led.finishing,
          },
          led.subscriber,
          mine,
        );
        outcomes.push(...batch.outcomes);
        for (const id of batch.dropping) led.dropping.add(id);
        led.finishing = batch.finishing
          .catch((err: unknown) => this.options.logger?.warn({ err, subscriber: led.subscriber.name }, 'writing checkpoints or dropping signals failed'))
          .finally(() => { for (const id of batch.dropping) led.dropping.delete(id); });
      } catch (err) {
        // What the batch did not record is delivered again (its signals stay); what the leader
        // remembers is never ahead of what the subscriber took, so it stays.
        this.options.logger?.error({ err, subscriber: led.subscriber.name }, 'outbox batch delivery failed');
      }
    }
    return outcomes;
  }

  private async deliverAll(claims: readonly StreamClaim[]): Promise<StreamDeliveryOutcome[]> {
    const outcomes: StreamDeliveryOutcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < claims.length) {
        const claim = claims[next++] as StreamClaim;
        try {
          outcomes.push(await this.deliver(claim));
        } catch (err) {
          this.options.logger?.error({ err, subscriber: claim.subscriber.name, streamId: claim.streamId }, 'outbox delivery failed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claims.length) }, worker));
    return outcomes;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        const summary = await this.runOnce();
        busy = summary.fannedOut > 0 || summary.delivered > 0 || summary.outcomes.some((o) => o.status === 'lease-exhausted');
        this.options.onPoll?.(summary);
        await this.sweepMarkersIfDue();
      } catch (err) {
        this.options.logger?.error({ err }, 'outbox relay poll failed');
      }
      if (!busy && !this.stopping) await this.pause(this.options.pollIntervalMs);
    }
  }

  private async refreshRegistry(): Promise<void> {
    if (Date.now() - this.lastRegistryRefresh < REGISTRY_REFRESH_MS) return;
    await this.registry.heartbeat([...this.subscribers.keys()], this.options.relayId);
    this.lastRegistryRefresh = Date.now();
  }

  private async sweepMarkersIfDue(): Promise<void> {
    if (Date.now() - this.lastMarkerSweep < MARKER_SWEEP_INTERVAL_MS) return;
    this.lastMarkerSweep = Date.now();
    await this.leases.sweepMarkers(Math.max(this.options.leaseMs * 10, 60 * 60_000));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function groupByStream(signals: readonly DeliverySignalDocument[]): Map<string, DeliverySignalDocument[]> {
  const groups = new Map<string, DeliverySignalDocument[]>();
  for (const signal of signals) {
    const key = deliveryLeaseKey(signal.subscriber, signal.streamId);
    const group = groups.get(key);
    if (group) group.push(signal);
    else groups.set(key, [signal]);
  }
  return groups;
}
