import type { EventEnvelope } from '../event-store/event-envelope';
import { sleep } from '../lib/backoff';
import { inSpan } from '../observability/span';
import type { ProjectionView } from './projection-view';
import type { ViewStore } from './view-store';
import { isFrozen, POINTER_CACHE_MS, type ViewPointerDocument, type ViewPointers } from './view-pointers';

export class ViewFrozenError extends Error {
  override readonly name = 'ViewFrozenError';
}

export interface ViewApplierDeps {
  readonly pointers: ViewPointers;
  /** The store of a collection of the read database. */
  readonly storeFor: (collection: string) => ViewStore;
  /** How long one event waits for a freeze to end before failing (the relay retries it later). */
  readonly frozenWaitMs: number;
  readonly onApplied: (event: EventEnvelope, seconds: number) => void;
}

/**
 * Applies events to one view, in the collection the view pointer names at that moment. While a
 * rebuild holds the view frozen it does not write at all (see view-rebuilder.ts).
 */
export class ViewApplier {
  private readonly types: ReadonlySet<string>;
  private cached?: { pointer: ViewPointerDocument; at: number };

  constructor(
    readonly view: ProjectionView,
    private readonly deps: ViewApplierDeps,
  ) {
    this.types = new Set(view.eventTypes);
  }

  accepts(type: string): boolean {
    return this.types.has(type);
  }

  apply(event: EventEnvelope): Promise<void> {
    return inSpan('saga-platform.projections', `projection apply ${this.view.name}`, { 'saga.view': this.view.name, 'saga.event_type': event.type, 'saga.stream_id': event.streamId }, () => this.applyNow(event));
  }

  private async applyNow(event: EventEnvelope): Promise<void> {
    const pointer = await this.writablePointer();
    const started = performance.now();
    await this.view.apply(this.deps.storeFor(pointer.active), event);
    this.deps.onApplied(event, (performance.now() - started) / 1000);
  }

  private async writablePointer(): Promise<ViewPointerDocument> {
    const deadline = Date.now() + this.deps.frozenWaitMs;
    for (;;) {
      const pointer = await this.pointer();
      if (!isFrozen(pointer)) return pointer;
      if (Date.now() >= deadline) throw new ViewFrozenError(`view ${this.view.name} is frozen by rebuild ${pointer.frozenBy ?? '?'} until ${pointer.frozenUntil?.toISOString() ?? '?'}`);
      await sleep(50);
    }
  }

  /** Read again once older than POINTER_CACHE_MS: the rebuild's switch protocol relies on that bound. */
  private async pointer(): Promise<ViewPointerDocument> {
    if (this.cached && Date.now() - this.cached.at < POINTER_CACHE_MS) return this.cached.pointer;
    const at = Date.now();
    const pointer = await this.deps.pointers.ensure(this.view.name);
    this.cached = { pointer, at };
    return pointer;
  }
}
