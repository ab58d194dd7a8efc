import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { EVENT_STORE_COLLECTIONS } from '../event-store/event-store-collections';
import { EventStore } from '../event-store/event-store';
import type { EventEnvelope } from '../event-store/event-envelope';
import { decodeCheckpoint } from '../event-store/global-order';
import { sleep } from '../lib/backoff';
import { Leases, type Lease } from '../outbox/lease';
import type { ProjectionView, ViewName } from './projection-view';
import { RebuildJobs, type RebuildJobDocument, type RebuildPhase } from './rebuild-jobs';
import type { RevisionDocument } from './revision-chain';
import { POINTER_CACHE_MS, viewCollectionName, ViewPointers } from './view-pointers';
import { MemoryViewStore } from './memory-view-store';

export interface ViewRebuilderOptions {
  /** The views it may rebuild (the application's view catalogue). */
  readonly views: readonly ProjectionView[];
  readonly writeDb: Db;
  readonly readDb: Db;
  /** The event store's `readAll` settle window (ms): also the clock skew the switch tolerates. */
  readonly settleMs?: number;
  /** Events applied between progress reports (default 5,000); the replay reads through one cursor whatever the size. */
  readonly pageSize?: number;
  /**
   * Longest freeze of live writes (default 120 s); a rebuild that cannot switch within it gives up.
   * A freeze lasts two settle windows plus one readAll pass, a scan of the commits on FerretDB.
   */
  readonly maxFreezeMs?: number;
  /** Documents per view kept in memory before flushing and forgetting (default 200,000). */
  readonly maxDocumentsInMemory?: number;
  readonly onProgress?: (job: RebuildJobDocument) => void;
  readonly logger?: Logger;
}

const PROGRESS_EVERY_MS = 500;

/** One view being rebuilt: its job document, the collection being built and its documents in memory. */
interface Target {
  readonly view: ViewName;
  readonly definition: ProjectionView;
  readonly types: ReadonlySet<string>;
  readonly memory: MemoryViewStore;
  readonly progress: Progress;
  job(): RebuildJobDocument;
}

/**
 * Rebuilds views from the event store into fresh collections while the old ones keep serving
 * (and keep being updated by the projector), then switches each view pointer to its new collection:
 *
 * 1. replay `readAll` into memory until it runs dry (it returns commits older than the settle
 *    window), write the documents in bulk, replay what settled meanwhile;
 * 2. freeze the views: the projector stops writing them (its deliveries wait and are retried by the
 *    relay; nothing is lost, the relay still holds them);
 * 3. replay until every commit stamped before the freeze (+ pointer cache + settle window, for
 *    clock skew) is in: whatever the projector applied to an old collection is then in the new one;
 * 4. switch each pointer (one write; it also ends the freeze). Deliveries resume on the new
 *    collection from each stream's relay checkpoint; events it holds already are skipped (apply
 *    is idempotent per stream version), the rest follow in order.
 *
 * Several views rebuilt together share one pass over the store. Only the freeze and switch are
 * exclusive (a lease per view); two rebuilds of a view may replay side by side.
 */
export class ViewRebuilder {
  private readonly store: EventStore;
  private readonly pointers: ViewPointers;
  private readonly jobs: RebuildJobs;
  private readonly leases: Leases;
  private readonly settleMs: number;
  private readonly pageSize: number;
  private readonly maxFreezeMs: number;

  constructor(private readonly options: ViewRebuilderOptions) {
    this.settleMs = options.settleMs ?? 5_000;
    this.store = new EventStore(options.writeDb, { readAllSettleMs: this.settleMs });
    this.pointers = new ViewPointers(options.readDb);
    this.jobs = new RebuildJobs(options.readDb);
    this.leases = new Leases(options.readDb);
    this.pageSize = options.pageSize ?? 5_000;
    this.maxFreezeMs = options.maxFreezeMs ?? 120_000;
  }

  /** Registers a job per view and runs them (one pass) in the background; the job documents show progress. */
  async start(views: readonly ViewName[], requestedBy: string, signal?: AbortSignal): Promise<{ jobIds: Record<string, string>; done: Promise<RebuildJobDocument[]> }> {
    const targets: Target[] = [];
    const commitsAtStart = await this.options.writeDb.collection(EVENT_STORE_COLLECTIONS.commits).estimatedDocumentCount();
    for (const view of [...new Set(views)].sort()) {
      const pointer = await this.pointers.ensure(view);
      const jobId = randomUUID();
      const now = new Date();
      const job: RebuildJobDocument = {
        _id: jobId, view, status: 'running', phase: 'replaying',
        collection: viewCollectionName(view, `g${pointer.generation + 1}_${jobId.slice(0, 8)}`),
        requestedBy, eventsRead: 0, eventsApplied: 0, commitsAtStart, commitsRead: 0, progress: 0, documentsWritten: 0, startedAt: now, updatedAt: now,
      };
      await this.jobs.create(job);
      const memory = new MemoryViewStore(this.options.readDb.collection<RevisionDocument>(job.collection), this.options.maxDocumentsInMemory);
      const progress = new Progress(job, this.jobs, this.options.onProgress);
      const definition = this.definition(view);
      targets.push({ view, definition, types: new Set(definition.eventTypes), memory, progress, job: () => progress.job });
    }
    const done = this.run(targets, signal);
    done.catch(() => undefined);
    return { jobIds: Object.fromEntries(targets.map((t) => [t.view, t.job()._id])), done };
  }

  private definition(view: ViewName): ProjectionView {
    const definition = this.options.views.find((v) => v.name === view);
    if (!definition) throw new Error(`unknown view '${view}' (views: ${this.options.views.map((v) => v.name).join(', ')})`);
    return definition;
  }

  async rebuild(views: readonly ViewName[], requestedBy: string, signal?: AbortSignal): Promise<RebuildJobDocument[]> {
    return (await this.start(views, requestedBy, signal)).done;
  }

  private async run(targets: readonly Target[], signal?: AbortSignal): Promise<RebuildJobDocument[]> {
    const frozen: Target[] = [];
    const leases: Lease[] = [];
    try {
      for (const t of targets) await this.options.readDb.collection(t.job().collection).drop().catch(() => undefined);
      let checkpoint = await this.replay(targets, undefined, signal);
      await this.phase(targets, 'writing');
      for (const t of targets) t.progress.wrote(await t.memory.flush());
      await this.phase(targets, 'catching-up');
      checkpoint = await this.replay(targets, checkpoint, signal);

      for (const t of targets) leases.push(await this.switchLease(t.view, t.job()._id, signal));
      const freezeAt = Date.now();
      const frozenUntil = freezeAt + this.maxFreezeMs;
      for (const t of targets) {
        await this.pointers.freeze(t.view, t.job()._id, new Date(frozenUntil));
        frozen.push(t);
      }
      await this.phase(targets, 'frozen');
      // Commits the projector may have applied to the old collections are stamped before the
      // horizon (the settle window doubling as the clock-skew allowance, as it does for readAll);
      // readAll returns all of them once the horizon is a settle window old: one pass then.
      const horizon = freezeAt + POINTER_CACHE_MS + this.settleMs;
      await sleep(Math.max(0, horizon + this.settleMs + 1 - Date.now()));
      await this.replay(targets, checkpoint, signal);
      for (const t of targets) t.progress.wrote(await t.memory.flush());
      if (Date.now() > frozenUntil - 1_000) throw new Error(`the final catch-up outlasted the freeze (${this.maxFreezeMs} ms)`);
      const finished: RebuildJobDocument[] = [];
      for (const t of targets) {
        const current = await this.pointers.ensure(t.view);
        await this.pointers.switchTo(t.view, t.job().collection, current, t.job()._id);
        frozen.splice(frozen.indexOf(t), 1);
        if (current.previous && current.previous !== t.job().collection) await this.options.readDb.collection(current.previous).drop().catch(() => undefined);
        this.options.logger?.info({ view: t.view, collection: t.job().collection, events: t.job().eventsRead }, 'view rebuilt and switched');
        finished.push(await t.progress.finish({ status: 'completed', phase: 'switched', progress: 1 }));
      }
      return finished;
    } catch (err) {
      for (const t of frozen) await this.pointers.unfreeze(t.view, t.job()._id).catch(() => undefined);
      for (const t of targets) {
        if (t.job().status !== 'running') continue;
        await this.options.readDb.collection(t.job().collection).drop().catch(() => undefined);
        await t.progress.finish({ status: 'failed', error: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
      }
      this.options.logger?.error({ err, views: targets.map((t) => t.view) }, 'view rebuild failed');
      throw err;
    } finally {
      for (const lease of leases) await this.leases.release(lease).catch(() => undefined);
    }
  }

  /** Applies settled events after `after` up to the settled end (one cursor); returns the new checkpoint. */
  private async replay(targets: readonly Target[], after: string | undefined, signal?: AbortSignal): Promise<string | undefined> {
    let checkpoint = after;
    for await (const page of this.store.readAllPages({ ...(after === undefined ? {} : { after }), pageSize: this.pageSize })) {
      signal?.throwIfAborted();
      checkpoint = page.checkpoint;
      const position = checkpoint === undefined ? undefined : decodeCheckpoint(checkpoint).committedAt;
      const commits = countCommits(page.events);
      for (const t of targets) {
        let applied = 0;
        for (const event of page.events) {
          if (!t.types.has(event.type)) continue;
          await t.definition.apply(t.memory, event);
          applied += 1;
        }
        await t.progress.read(page.events.length, applied, commits, position);
      }
    }
    return checkpoint;
  }

  private async phase(targets: readonly Target[], phase: RebuildPhase): Promise<void> {
    for (const t of targets) await t.progress.phase(phase);
  }

  private async switchLease(view: ViewName, jobId: string, signal?: AbortSignal): Promise<Lease> {
    for (;;) {
      signal?.throwIfAborted();
      const lease = await this.leases.acquire(`rebuild-switch|${view}`, this.maxFreezeMs + 30_000, jobId);
      if (lease) return lease;
      await sleep(250);
    }
  }
}

/** Commits in a page: the events of one commit are adjacent and share their stream and timestamp. */
function countCommits(events: readonly EventEnvelope[]): number {
  let commits = 0;
  events.forEach((e, i) => {
    const previous = events[i - 1];
    if (!previous || previous.streamId !== e.streamId || previous.timestamp.getTime() !== e.timestamp.getTime()) commits += 1;
  });
  return commits;
}

/** A job document, written at most every PROGRESS_EVERY_MS. */
class Progress {
  private lastWrite = 0;

  constructor(
    public job: RebuildJobDocument,
    private readonly jobs: RebuildJobs,
    private readonly onProgress?: (job: RebuildJobDocument) => void,
  ) {}

  async read(events: number, applied: number, commits: number, position: Date | undefined): Promise<void> {
    const commitsRead = this.job.commitsRead + commits;
    this.job = {
      ...this.job,
      eventsRead: this.job.eventsRead + events,
      eventsApplied: this.job.eventsApplied + applied,
      commitsRead,
      progress: Math.min(1, commitsRead / Math.max(1, this.job.commitsAtStart)),
      ...(position ? { position } : {}),
    };
    await this.save(false);
  }

  wrote(documents: number): void {
    this.job = { ...this.job, documentsWritten: this.job.documentsWritten + documents };
  }

  async phase(phase: RebuildPhase): Promise<void> {
    this.job = { ...this.job, phase };
    await this.save(true);
  }

  async finish(patch: Partial<RebuildJobDocument>): Promise<RebuildJobDocument> {
    this.job = { ...this.job, ...patch, finishedAt: new Date() };
    await this.save(true);
    return this.job;
  }

  private async save(force: boolean): Promise<void> {
    this.onProgress?.(this.job);
    if (!force && Date.now() - this.lastWrite < PROGRESS_EVERY_MS) return;
    this.lastWrite = Date.now();
    const { _id, ...rest } = this.job;
    await this.jobs.update(_id, rest);
  }
}
