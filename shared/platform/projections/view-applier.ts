import type { EventEnvelope } from '../event-store/event-envelope';
import type { StreamEvents } from '../outbox/subscriber';
import { sleep } from '../lib/backoff';
import { traceAppliedBatch } from './batch-tracing';
import type { DocumentCache } from './document-cache';
import type { ProjectionView } from './projection-view';
import { ViewBatch } from './view-batch';
import { ConcurrentUpdateError, type BatchingViewStore } from './view-store';
import { isFrozen, type ViewPointerDocument } from './view-pointers';
import type { PointerSnapshot } from './pointer-snapshot';

export class ViewFrozenError extends Error {
  override readonly name = 'ViewFrozenError';
}

/** A view collection's store and what this process knows of its documents. */
export interface CollectionStore {
  readonly store: BatchingViewStore;
  readonly cache: DocumentCache;
}

export interface ViewApplierDeps {
  /** View pointers read at most POINTER_CACHE_MS ago. */
  readonly pointers: PointerSnapshot;
  /** The store of a collection of the read database. */
  readonly storeFor: (collection: string) => CollectionStore;
  /** How long a batch waits for a freeze to end before failing (the relay retries it later). */
  readonly frozenWaitMs: number;
  /** Records events in a rebuild's tail collection. */
  readonly recordTail: (collection: string, events: readonly EventEnvelope[]) => Promise<void>;
  readonly onApplied: (events: readonly EventEnvelope[], seconds: number) => void;
}

/** Where a stream's events stopped for one view: the version that failed and why. */
export interface ViewFailure {
  readonly version: number;
  readonly error: unknown;
}

/** Attempts at a batch whose writes met another writer's (each from a fresh read of what it touches). */
const MAX_BATCH_ATTEMPTS = 5;

/**
 * Applies batches of events to one view, in the collection the view pointer names at that moment.
 * While a rebuild holds the view frozen it does not write at all (see view-rebuilder.ts).
 */
export class ViewApplier {
  private readonly types: ReadonlySet<string>;

  constructor(
    readonly view: ProjectionView,
    private readonly deps: ViewApplierDeps,
  ) {
    this.types = new Set(view.eventTypes);
  }

  accepts(type: string): boolean {
    return this.types.has(type);
  }

  /**
   * Folds the streams' events into the view's documents in memory, stream after stream, each in
   * version order, and writes the documents once (ViewBatch). An event that fails is undone and
   * stops its stream; the others go on. Returns the streams that stopped, with where and why.
   *
   * What this process remembers of the documents may be stale (another projector wrote them): a
   * write that meets a newer revision, or an event refused on the first attempt, starts the batch
   * again from the store; events the store has by then are skipped, as on any redelivery.
   */
  async applyBatch(streams: readonly StreamEvents[]): Promise<Map<string, ViewFailure>> {
    const mine = streams.map((s) => ({ streamId: s.streamId, events: s.events.filter((e) => this.types.has(e.type)) })).filter((s) => s.events.length > 0);
    const failures = new Map<string, ViewFailure>();
    if (mine.length === 0) return failures;
    let pointer: ViewPointerDocument;
    try {
      pointer = await this.writablePointer();
    } catch (error) {
      for (const s of mine) failures.set(s.streamId, { version: (s.events[0] as EventEnvelope).version, error });
      return failures;
    }
    const { store, cache } = this.deps.storeFor(pointer.active);
    const started = performance.now();
    for (let attempt = 1; ; attempt += 1) {
      failures.clear();
      const batch = new ViewBatch(store, cache);
      const hints = mine.flatMap((s) => s.events.map((e) => this.view.documents?.(e) ?? {}));
      // After a conflict, nothing is taken on trust: a document "created" here may exist after all.
      await batch.prefetch(attempt === 1 ? hints : hints.map((h) => ({ reads: [...(h.reads ?? []), ...(h.creates ?? [])] })));
      for (const s of mine) {
        for (const event of s.events) {
          const savepoint = batch.savepoint();
          try {
            await this.view.apply(batch, event);
          } catch (error) {
            batch.rollback(savepoint);
            failures.set(s.streamId, { version: event.version, error });
            break;
          }
        }
      }
      // A rebuild in progress learns of what this batch hands the view before it is written, and a
      // batch whose pointer changed meanwhile (frozen, switched) writes nothing (see view-rebuilder.ts).
      const handed = mine.flatMap((s) => s.events);
      if (pointer.tail) await this.deps.recordTail(pointer.tail, handed);
      const now = await this.deps.pointers.get(this.view.name);
      if (now.tail && now.tail !== pointer.tail) await this.deps.recordTail(now.tail, handed);
      if (isFrozen(now) || now.active !== pointer.active) {
        const error = new ViewFrozenError(`view ${this.view.name} was frozen or switched by a rebuild during the batch`);
        for (const s of mine) failures.set(s.streamId, { version: (s.events[0] as EventEnvelope).version, error });
        return failures;
      }
      const { conflict } = await batch.flush();
      if (!conflict && (failures.size === 0 || attempt > 1)) break;
      cache.clear();
      if (attempt >= MAX_BATCH_ATTEMPTS) {
        if (conflict) throw new ConcurrentUpdateError(`view ${this.view.name}: ${MAX_BATCH_ATTEMPTS} batches in a row met concurrent writes`);
        break;
      }
    }
    const applied = mine.flatMap((s) => {
      const failed = failures.get(s.streamId);
      return failed ? s.events.filter((e) => e.version < failed.version) : s.events;
    });
    this.deps.onApplied(applied, (performance.now() - started) / 1000);
    traceAppliedBatch(this.view.name, applied, started);
    return failures;
  }

  private async writablePointer(): Promise<ViewPointerDocument> {
    const deadline = Date.now() + this.deps.frozenWaitMs;
    for (;;) {
      // Resolved after the batch's commits were read: those commits are older than the pointer acted on.
      const pointer = await this.deps.pointers.get(this.view.name);
      if (!isFrozen(pointer)) return pointer;
      if (Date.now() >= deadline) throw new ViewFrozenError(`view ${this.view.name} is frozen by rebuild ${pointer.frozenBy ?? '?'} until ${pointer.frozenUntil?.toISOString() ?? '?'}`);
      await sleep(50);
    }
  }
}
