import type { Db } from 'mongodb';
import { CommitFeed } from '../event-store/commit-feed';
import { RecentCommits } from './recent-commits';
import { DeadLetters } from './dead-letters';
import { DeliveryRecords, deliveryLeaseKey, type DeliverySignalDocument } from './delivery-records';
import { Leases } from './lease';
import type { PendingCommits } from '../event-store/pending-commits';
import { assertValidSubscriberName, type Subscriber } from './subscriber';
import { SubscriberRegistry } from './subscriber-registry';
import { fanOutPendingCommits } from './fan-out';
import { createRelayMetrics, type RelayMetrics } from './relay-metrics';
import { registerBacklogMetrics } from './backlog-metrics';
import { resolveRelayOptions, type OutboxRelayOptions, type ResolvedRelayOptions } from './relay-options';
import { deliverStream, type StreamClaim, type StreamDeliveryOutcome } from './stream-delivery';

export interface RelayRunSummary {
  /** Commit pointers turned into delivery signals. */
  readonly fannedOut: number;
  readonly claimed: number;
  readonly delivered: number;
  readonly outcomes: readonly StreamDeliveryOutcome[];
}

const MARKER_SWEEP_INTERVAL_MS = 10 * 60_000;
/** How often the relay re-announces its subscribers and re-reads the others'. */
const REGISTRY_REFRESH_MS = 5_000;

/**
 * Delivers committed events to subscribers, at least once and in version order per stream and
 * subscriber. Several relays may run side by side: work on a (subscriber, stream) is leased.
 * One poll: fan commit pointers out into per-subscriber signals, claim the streams with due
 * signals, deliver each claimed stream from its checkpoint, release the leases.
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
  private loop?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private lastMarkerSweep = 0;
  private readonly registry: SubscriberRegistry;
  private remoteSubscribers: string[] = [];
  private lastRegistryRefresh = 0;

  constructor(db: Db, options: OutboxRelayOptions) {
    this.options = resolveRelayOptions(options);
    options.subscribers.forEach((s) => assertValidSubscriberName(s.name));
    this.subscribers = new Map(options.subscribers.map((s) => [s.name, s]));
    const feed = new CommitFeed(db);
    this.recentCommits = new RecentCommits(feed);
    this.pending = feed.pending;
    this.records = new DeliveryRecords(db);
    this.leases = new Leases(db, { graceMs: this.options.leaseGraceMs });
    this.deadLetters = new DeadLetters(db);
    this.metrics = createRelayMetrics(this.options.registry);
    if (this.options.registry) registerBacklogMetrics(this.options.registry, db, [...this.subscribers.keys()]);
    this.registry = new SubscriberRegistry(db);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Finishes the poll in progress (its deliveries and lease releases), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  async runOnce(): Promise<RelayRunSummary> {
    const { claims, fannedOut } = await this.claimWork();
    const outcomes = await this.deliverAll(claims);
    return {
      fannedOut,
      claimed: claims.length,
      delivered: outcomes.reduce((n, o) => n + o.delivered, 0),
      outcomes,
    };
  }

  /**
   * Fans out pending commits and takes the leases of streams with due work. A claim must be
   * passed to `deliver` (which releases it); an abandoned claim blocks its stream until the lease expires.
   */
  async claim(): Promise<StreamClaim[]> {
    return (await this.claimWork()).claims;
  }

  private async claimWork(): Promise<{ claims: StreamClaim[]; fannedOut: number }> {
    await this.refreshRegistry();
    const now = new Date();
    const fanOut = await fanOutPendingCommits(
      {
        store: this.recentCommits,
        pending: this.pending,
        records: this.records,
        subscribers: [...this.subscribers.values()],
        remoteSubscribers: this.remoteSubscribers,
        missingCommitRecheck: this.options.missingCommitRecheck,
      },
      this.options.batchSize,
      now,
    );
    this.metrics.due.set({ kind: 'commit' }, fanOut.due);
    this.metrics.oldestDue.set({ kind: 'commit' }, (fanOut.oldestDueMs ?? 0) / 1000);

    const signals = await this.records.dueSignals(new Date(), [...this.subscribers.keys()], this.options.batchSize);
    this.metrics.due.set({ kind: 'delivery' }, signals.length);
    const oldest = signals.reduce((min, s) => Math.min(min, s.createdAt.getTime()), Date.now());
    this.metrics.oldestDue.set({ kind: 'delivery' }, (Date.now() - oldest) / 1000);

    const claims: StreamClaim[] = [];
    for (const [key, group] of groupByStream(signals)) {
      const first = group[0] as DeliverySignalDocument;
      const subscriber = this.subscribers.get(first.subscriber);
      if (!subscriber) continue;
      const lease = await this.leases.acquire(key, this.options.leaseMs, this.options.relayId);
      if (lease) claims.push({ subscriber, streamId: first.streamId, lease, signals: group });
    }
    return { claims, fannedOut: fanOut.fannedOut };
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
    this.remoteSubscribers = (await this.registry.activeNames()).filter((name) => !this.subscribers.has(name));
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
