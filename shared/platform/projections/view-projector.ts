import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventEnvelope } from '../event-store/event-envelope';
import { MongoViewStore } from './mongo-view-store';
import type { ProjectionView, ViewName } from './projection-view';
import { RebuildJobs } from './rebuild-jobs';
import type { BatchingViewStore } from './view-store';
import { ViewPointers } from './view-pointers';
import { DocumentCache } from './document-cache';
import { PointerSnapshot } from './pointer-snapshot';
import { RebuildTail } from './rebuild-tail';
import { OutboxRelay } from '../outbox/outbox-relay';
import type { OutboxRelayOptions } from '../outbox/relay-options';
import { createProjectorMetrics, type ProjectorMetrics } from './projector-metrics';
import { StatusTracker } from './status-tracker';
import { ViewRebuilder } from './view-rebuilder';
import { ProjectionsSubscriber } from './projections-subscriber';
import { ViewApplier, type CollectionStore } from './view-applier';

export interface ProjectorOptions {
  /** The write side: event store and outbox. */
  readonly writeDb: Db;
  /** The read database the views live in. */
  readonly readDb: Db;
  /** The views it keeps (the application's view catalogue). */
  readonly views: readonly ProjectionView[];
  /** Options of the projector's outbox relay (its subscribers are the views). */
  readonly relay?: Omit<OutboxRelayOptions, 'subscribers' | 'registry' | 'logger'>;
  /** How long a delivery waits for a rebuild's freeze before failing and being retried (default 3000 ms). */
  readonly frozenWaitMs?: number;
  /** Status document writes and backlog checks (default every 1000 ms). */
  readonly statusIntervalMs?: number;
  readonly projectorId?: string;
  readonly registry?: Registry;
  readonly logger?: Logger;
  /** Wraps each view's store (instrumentation; fault injection in tests). */
  readonly wrapStore?: (store: BatchingViewStore, view: ViewName) => BatchingViewStore;
  readonly onApplied?: (view: ViewName, event: EventEnvelope, seconds: number) => void;
}

/**
 * Keeps the views current from the outbox relay. Design: ONE relay subscriber, `projections`, a
 * batch subscriber (ProjectionsSubscriber): each poll the relay's leader claims every stream with
 * due work (one lease command for all), reads their commits from the checkpoints it keeps in
 * memory, and hands all the events over at once; each view folds its share in memory and writes
 * every document it changed once, in a few insert commands (ViewApplier, ViewBatch). This is how
 * Marten's async daemon keeps up: pages of events, folded in memory, one write per document and
 * per page, one node running a projection at a time; ordering is per stream here (there is no
 * global sequence without a single append counter), and idempotency comes from the versions the
 * views record, which also makes a batch written half-way safe to hand over again.
 *
 * One subscriber for all views rather than one per view keeps the relay's own work (leases,
 * checkpoints, signals) once per stream instead of once per view; a view failing an event makes
 * the relay hand that stream over again for all views (the others skip it), and a rebuild's final
 * freeze (about twice the settle window) pauses the streams that view folds. Status, lag and
 * metrics stay per view. Several projectors may run side by side: one leads, the others stand by.
 *
 * A view that has never been rebuilt only has what the relay delivered since the subscriber first
 * registered; `start` therefore rebuilds such views from the event store once (bootstrap).
 */
export class Projector {
  readonly relay: OutboxRelay;
  readonly subscriber: ProjectionsSubscriber;
  readonly projectorId: string;
  private readonly status: StatusTracker;
  private readonly metrics: ProjectorMetrics;
  private readonly pointers: ViewPointers;
  private readonly views: readonly ViewName[];
  private readonly stores = new Map<string, CollectionStore>();
  /** Commit time of the oldest work the relay's last poll saw waiting (undefined: none). */
  private oldestWaiting?: Date;
  private readonly abort = new AbortController();
  private readonly bootstraps: Promise<void>[] = [];
  private statusTimer?: NodeJS.Timeout;
  private statusBusy = false;
  private lastBacklogCheck = 0;

  constructor(private readonly options: ProjectorOptions) {
    this.projectorId = options.projectorId ?? `projector-${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
    this.views = options.views.map((v) => v.name);
    this.pointers = new ViewPointers(options.readDb);
    this.status = new StatusTracker(options.readDb, options.writeDb, this.projectorId);
    this.metrics = createProjectorMetrics(options.registry, () => this.lagSeconds(), this.views);
    const pointers = new PointerSnapshot(this.pointers);
    this.subscriber = new ProjectionsSubscriber(
      options.views.map((view) => new ViewApplier(view, {
        pointers,
        storeFor: (collection) => this.storeFor(view.name, collection),
        frozenWaitMs: options.frozenWaitMs ?? 3_000,
        recordTail: (collection, events) => new RebuildTail(options.readDb, collection).record(events),
        onApplied: (events, seconds) => this.applied(view.name, events, seconds),
      })),
      () => this.forgetDocuments(),
    );
    this.relay = new OutboxRelay(options.writeDb, {
      // Signals (about one per commit) per poll: a page of work, growing to 4000 on a backlog (a
      // poll's scans of pointers and signals then serve more events). A full page of 4000 takes a
      // few seconds on FerretDB, well within the leases; under light load a poll takes what is there.
      batchSize: 500,
      maxBatchSize: 4_000,
      pollIntervalMs: 50,
      // A delivery refused while its view is frozen is retried: ride out a rebuild's freeze (<= 120 s).
      maxAttempts: 40,
      backoff: { baseMs: 200, maxMs: 5_000 },
      relayId: this.projectorId,
      ...options.relay,
      subscribers: [this.subscriber],
      onPoll: (summary) => {
        this.oldestWaiting = summary.oldestDueAt;
        options.relay?.onPoll?.(summary);
      },
      ...(options.registry ? { registry: options.registry } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /** Creates the view pointers; the relay is not started (tests drive `relay.runOnce()`). */
  async prepare(): Promise<void> {
    for (const view of this.views) await this.pointers.ensure(view);
  }

  async start(options: { bootstrap?: boolean } = {}): Promise<void> {
    await this.prepare();
    this.relay.start();
    this.statusTimer = setInterval(() => void this.reportStatus(), this.options.statusIntervalMs ?? 1_000);
    if (options.bootstrap ?? true) await this.bootstrap();
  }

  /**
   * Starts rebuilding, in the background and in one pass, every view no rebuild has completed for
   * (unless one is running); `finished` settles when that rebuild has (at once if none was needed).
   */
  async bootstrap(): Promise<{ finished: Promise<void> }> {
    const jobs = new RebuildJobs(this.options.readDb);
    const views: ViewName[] = [];
    for (const view of this.views) {
      const pointer = await this.pointers.ensure(view);
      if (!pointer.bootstrapped && (await jobs.running(view)).length === 0) views.push(view);
    }
    if (views.length === 0) return { finished: Promise.resolve() };
    this.options.logger?.info({ views }, 'views never rebuilt: bootstrapping them from the event store');
    const rebuilder = new ViewRebuilder({
      views: this.options.views,
      writeDb: this.options.writeDb,
      readDb: this.options.readDb,
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    const { done } = await rebuilder.start(views, `bootstrap:${this.projectorId}`, this.abort.signal);
    const finished = done.then(
      () => undefined,
      (err: unknown) => {
        if (!this.abort.signal.aborted) this.options.logger?.error({ err, views }, 'bootstrap rebuild failed');
      },
    );
    this.bootstraps.push(finished);
    return { finished };
  }

  /** Settles once the bootstrap rebuilds begun so far have (at once if there were none). */
  async whenBootstrapped(): Promise<void> {
    await Promise.all(this.bootstraps);
  }

  /** Finishes the deliveries in progress, abandons bootstrap rebuilds (the old collection stays), writes the status. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.statusTimer) clearInterval(this.statusTimer);
    await this.relay.stop();
    await Promise.allSettled(this.bootstraps);
    await this.status.flush().catch(() => undefined);
  }

  private storeFor(view: ViewName, collection: string): CollectionStore {
    let entry = this.stores.get(collection);
    if (!entry) {
      const base = MongoViewStore.open(this.options.readDb, collection);
      entry = { store: this.options.wrapStore ? this.options.wrapStore(base, view) : base, cache: new DocumentCache() };
      this.stores.set(collection, entry);
    }
    return entry;
  }

  private forgetDocuments(): void {
    for (const { cache } of this.stores.values()) cache.clear();
  }

  private applied(view: ViewName, events: readonly EventEnvelope[], seconds: number): void {
    if (events.length === 0) return;
    this.metrics.applied.inc({ view }, events.length);
    this.metrics.applySeconds.observe({ view }, seconds);
    for (const event of events) {
      this.status.record(view, event);
      this.options.onApplied?.(view, event, seconds);
    }
  }

  /** Age of the oldest commit the last poll saw waiting; 0 when nothing waits (an idle projector is not behind). */
  private lagSeconds(): number {
    return this.oldestWaiting ? Math.max(0, Date.now() - this.oldestWaiting.getTime()) / 1000 : 0;
  }

  private async reportStatus(): Promise<void> {
    if (this.statusBusy) return;
    this.statusBusy = true;
    try {
      await this.status.flush();
      if (Date.now() - this.lastBacklogCheck >= 5_000) {
        this.lastBacklogCheck = Date.now();
        this.metrics.backlog.set(await this.status.backlog());
      }
    } catch (err) {
      this.options.logger?.warn({ err }, 'writing the projection status failed');
    } finally {
      this.statusBusy = false;
    }
  }
}
