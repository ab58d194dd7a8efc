import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { CommitFeed } from '../event-store/commit-feed';
import type { EventEnvelope } from '../event-store/event-envelope';
import { sleep } from '../lib/backoff';
import { readAhead } from '../lib/read-ahead';
import { Leases, type Lease } from '../outbox/lease';
import type { ProjectionView, ViewName } from './projection-view';
import { RebuildJobs, type RebuildJobDocument, type RebuildPhase } from './rebuild-jobs';
import { RebuildTail } from './rebuild-tail';
import type { RevisionDocument } from './revision-chain';
import { POINTER_CACHE_MS, viewCollectionName, ViewPointers } from './view-pointers';
import { MemoryViewStore } from './memory-view-store';
import { StreamOrder } from './stream-order';

export interface ViewRebuilderOptions {
  /** The views it may rebuild (the application's view catalogue). */
  readonly views: readonly ProjectionView[];
  readonly writeDb: Db;
  readonly readDb: Db;
  /** Events replayed between progress reports (default 10,000). */
  readonly pageSize?: number;
  /** Longest freeze of live writes (default 60 s); a rebuild that cannot switch within it gives up. */
  readonly maxFreezeMs?: number;
  /** Documents per view kept in memory before flushing and forgetting (default 200,000). */
  readonly maxDocumentsInMemory?: number;
  readonly onProgress?: (job: RebuildJobDocument) => void;
  readonly logger?: Logger;
}

const PROGRESS_EVERY_MS = 500;
/** Beyond POINTER_CACHE_MS: a pointer read is timed from when it began, this covers the rest of its round trip. */
const POINTER_MARGIN_MS = 250;
/** Commits read ahead of the fold (a cursor batch's worth). */
const READ_AHEAD_COMMITS = 5_000;
/** A rebuild holds its view's lease for this long and renews it every quarter of it. */
const REBUILD_LEASE_MS = 120_000;

/** One view being rebuilt: its job document, the collection being built, its documents in memory, its tail. */
interface Target {
  readonly view: ViewName;
  readonly definition: ProjectionView;
  readonly types: ReadonlySet<string>;
  readonly memory: MemoryViewStore;
  readonly tail: RebuildTail;
  readonly progress: Progress;
  job(): RebuildJobDocument;
}

export class RebuildBusyError extends Error {
  override readonly name = 'RebuildBusyError';
}

/**
 * Rebuilds views from the event store into fresh collections while the old ones keep serving
 * (and keep being updated by the projector), then switches each view pointer to its new collection:
 *
 * 1. tail: the view pointer names a tail collection, and from then on the projector records there
 *    every event it hands the view, before writing it (ViewApplier); the rebuild waits until every
 *    projector has seen that (POINTER_CACHE_MS);
 * 2. replay: ONE read of the store, every commit in storage order through one cursor, no sort,
 *    applied in memory (each stream in version order, StreamOrder), written in bulk. Whatever the
 *    projector applied before the tail began was read before, so it is in the store by then;
 *    whatever it applied since is in the tail;
 * 3. catch up from the tail (a small collection), then freeze the view: the projector stops
 *    writing it, and a batch that saw the view unfrozen has recorded its events in the tail before
 *    its last look at the pointer; after POINTER_CACHE_MS the tail is complete: apply it again;
 * 4. switch the pointer (one write; it also ends the freeze and the tail). Deliveries resume on
 *    the new collection from each stream's relay checkpoint; events it holds already are skipped
 *    (apply is idempotent per stream version), the rest follow in order.
 *
 * No clock is compared across processes (each waits on its own), so no settle window is needed,
 * and the freeze lasts about POINTER_CACHE_MS plus a tail read. Several views rebuilt together
 * share the one pass over the store. One rebuild per view at a time (a lease per view).
 */
export class ViewRebuilder {
  private readonly feed: CommitFeed;
  private readonly pointers: ViewPointers;
  private readonly jobs: RebuildJobs;
  private readonly leases: Leases;
  private readonly pageSize: number;
  private readonly maxFreezeMs: number;

  constructor(private readonly options: ViewRebuilderOptions) {
    this.feed = new CommitFeed(options.writeDb);
    this.pointers = new ViewPointers(options.readDb);
    this.jobs = new RebuildJobs(options.readDb);
    this.leases = new Leases(options.readDb);
    this.pageSize = options.pageSize ?? 10_000;
    this.maxFreezeMs = options.maxFreezeMs ?? 60_000;
  }

  /**
   * Registers a job per view and runs them (one pass) in the background; the job documents show
   * progress. Throws RebuildBusyError when one of the views is being rebuilt already.
   */
  async start(views: readonly ViewName[], requestedBy: string, signal?: AbortSignal): Promise<{ jobIds: Record<string, string>; done: Promise<RebuildJobDocument[]> }> {
    const names = [...new Set(views)].sort();
    const definitions = names.map((view) => this.definition(view));
    const leases = await this.exclusive(names);
    try {
      const targets: Target[] = [];
      const commitsAtStart = await this.feed.estimatedCommits();
      for (const [i, view] of names.entries()) {
        const pointer = await this.pointers.ensure(view);
        const jobId = randomUUID();
        const now = new Date();
        const job: RebuildJobDocument = {
          _id: jobId, view, status: 'running', phase: 'replaying',
          collection: viewCollectionName(view, `g${pointer.generation + 1}_${jobId.slice(0, 8)}`),
          requestedBy, eventsRead: 0, eventsApplied: 0, commitsAtStart, commitsRead: 0, progress: 0, documentsWritten: 0, startedAt: now, updatedAt: now,
        };
        await this.jobs.create(job);
        const definition = definitions[i] as ProjectionView;
        const progress = new Progress(job, this.jobs, this.options.onProgress);
        targets.push({
          view, definition, types: new Set(definition.eventTypes), progress, job: () => progress.job,
          memory: new MemoryViewStore(this.options.readDb.collection<RevisionDocument>(job.collection), this.options.maxDocumentsInMemory),
          tail: new RebuildTail(this.options.readDb, viewCollectionName(view, `tail_${jobId.slice(0, 8)}`)),
        });
      }
      const done = this.run(targets, leases, signal);
      done.catch(() => undefined);
      return { jobIds: Object.fromEntries(targets.map((t) => [t.view, t.job()._id])), done };
    } catch (err) {
      for (const lease of leases) await this.leases.release(lease).catch(() => undefined);
      throw err;
    }
  }

  async rebuild(views: readonly ViewName[], requestedBy: string, signal?: AbortSignal): Promise<RebuildJobDocument[]> {
    return (await this.start(views, requestedBy, signal)).done;
  }

  private definition(view: ViewName): ProjectionView {
    const definition = this.options.views.find((v) => v.name === view);
    if (!definition) throw new Error(`unknown view '${view}' (views: ${this.options.views.map((v) => v.name).join(', ')})`);
    return definition;
  }

  /** One rebuild per view at a time: the lease of each view, or RebuildBusyError. */
  private async exclusive(views: readonly ViewName[]): Promise<Lease[]> {
    const held: Lease[] = [];
    for (const view of views) {
      const lease = await this.leases.acquire(`rebuild|${view}`, REBUILD_LEASE_MS, `rebuild:${randomUUID()}`);
      if (!lease) {
        for (const l of held) await this.leases.release(l).catch(() => undefined);
        throw new RebuildBusyError(`view ${view} is being rebuilt already`);
      }
      held.push(lease);
    }
    return held;
  }

  private async run(targets: readonly Target[], leases: Lease[], requested?: AbortSignal): Promise<RebuildJobDocument[]> {
    const keep = new LeaseKeeper(this.leases, leases);
    const signal = requested ? AbortSignal.any([requested, keep.signal]) : keep.signal;
    const tailing: Target[] = [];
    const frozen: Target[] = [];
    try {
      for (const t of targets) {
        await this.options.readDb.collection(t.job().collection).drop().catch(() => undefined);
        await t.tail.drop();
        await this.pointers.startTail(t.view, t.job()._id, t.tail.collection);
        tailing.push(t);
      }
      await sleep(POINTER_CACHE_MS + POINTER_MARGIN_MS);

      await this.replay(targets, signal);
      await this.phase(targets, 'writing');
      for (const t of targets) t.progress.wrote(await t.memory.flush());
      await this.phase(targets, 'catching-up');
      await this.catchUp(targets);
      signal.throwIfAborted();

      const frozenUntil = Date.now() + this.maxFreezeMs;
      for (const t of targets) {
        await this.pointers.freeze(t.view, t.job()._id, new Date(frozenUntil));
        frozen.push(t);
      }
      await this.phase(targets, 'frozen');
      // A batch that saw the view unfrozen recorded its events in the tail before looking again.
      await sleep(POINTER_CACHE_MS + POINTER_MARGIN_MS);
      await this.catchUp(targets);
      signal.throwIfAborted();
      if (Date.now() > frozenUntil - 1_000) throw new Error(`the final catch-up outlasted the freeze (${this.maxFreezeMs} ms)`);
      const finished: RebuildJobDocument[] = [];
      for (const t of targets) {
        const current = await this.pointers.ensure(t.view);
        await this.pointers.switchTo(t.view, t.job().collection, current, t.job()._id);
        frozen.splice(frozen.indexOf(t), 1);
        tailing.splice(tailing.indexOf(t), 1);
        await t.tail.drop();
        if (current.previous && current.previous !== t.job().collection) await this.options.readDb.collection(current.previous).drop().catch(() => undefined);
        this.options.logger?.info({ view: t.view, collection: t.job().collection, events: t.job().eventsRead }, 'view rebuilt and switched');
        finished.push(await t.progress.finish({ status: 'completed', phase: 'switched', progress: 1 }));
      }
      return finished;
    } catch (err) {
      for (const t of frozen) await this.pointers.unfreeze(t.view, t.job()._id).catch(() => undefined);
      for (const t of tailing) await this.pointers.stopTail(t.view, t.job()._id).catch(() => undefined);
      for (const t of targets) {
        if (t.job().status !== 'running') continue;
        await this.options.readDb.collection(t.job().collection).drop().catch(() => undefined);
        await t.tail.drop();
        await t.progress.finish({ status: 'failed', error: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
      }
      this.options.logger?.error({ err, views: targets.map((t) => t.view) }, 'view rebuild failed');
      throw err;
    } finally {
      await keep.release();
    }
  }

  /**
   * One pass over the store: every commit, each stream's in version order, applied in memory; the
   * next commits are read while these are applied. (Writing in the background while reading was
   * slower on FerretDB's SQLite backend: the writes and the long read contend.)
   */
  private async replay(targets: readonly Target[], signal: AbortSignal): Promise<void> {
    const order = new StreamOrder();
    let page: EventEnvelope[] = [];
    let commits = 0;
    let position: Date | undefined;
    const report = async () => {
      for (const t of targets) await t.progress.read(page.length, page.filter((e) => t.types.has(e.type)).length, commits, position);
      page = [];
      commits = 0;
    };
    for await (const commit of readAhead(this.feed.scanCommits(), READ_AHEAD_COMMITS)) {
      signal.throwIfAborted();
      for (const ready of order.accept(commit)) {
        commits += 1;
        if (!position || ready.committedAt > position) position = ready.committedAt;
        for (const event of ready.events) {
          for (const t of targets) if (t.types.has(event.type)) await t.definition.apply(t.memory, event);
          page.push(event);
        }
      }
      if (page.length >= this.pageSize) await report();
    }
    await report();
    // A commit whose predecessor the scan did not see was inserted while it ran: the tail or the
    // relay brings both (see the class comment).
    if (order.waiting() > 0) this.options.logger?.info({ commits: order.waiting() }, 'rebuild left commits written during its read to the tail');
  }

  /** Applies the tails recorded so far (events the views hold already are skipped) and writes what changed. */
  private async catchUp(targets: readonly Target[]): Promise<void> {
    for (const t of targets) {
      for (const stream of await t.tail.streams()) {
        for (const event of stream) if (t.types.has(event.type)) await t.definition.apply(t.memory, event);
      }
      t.progress.wrote(await t.memory.flush());
    }
  }

  private async phase(targets: readonly Target[], phase: RebuildPhase): Promise<void> {
    for (const t of targets) await t.progress.phase(phase);
  }
}

/**
 * The rebuild's view leases, renewed on a timer while it runs (a read of the store can outlast
 * one term); if a renewal fails the rebuild is aborted, since another may then have started.
 */
class LeaseKeeper {
  private readonly timer: NodeJS.Timeout;
  private readonly lost = new AbortController();
  private renewing?: Promise<void>;

  constructor(
    private readonly leases: Leases,
    private held: Lease[],
  ) {
    this.timer = setInterval(() => {
      this.renewing ??= this.renew().finally(() => (this.renewing = undefined));
    }, REBUILD_LEASE_MS / 4);
  }

  /** Aborted once a renewal failed. */
  get signal(): AbortSignal {
    return this.lost.signal;
  }

  private async renew(): Promise<void> {
    try {
      const renewed = await Promise.all(this.held.map((l) => this.leases.renew(l, REBUILD_LEASE_MS)));
      if (renewed.some((l) => l === null)) throw new Error('the rebuild lost its lease on the view');
      this.held = renewed as Lease[];
    } catch (err) {
      this.lost.abort(err);
    }
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
    for (const lease of this.held) await this.leases.release(lease).catch(() => undefined);
  }
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
