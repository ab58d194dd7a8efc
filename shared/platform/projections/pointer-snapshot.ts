import type { ViewName } from './projection-view';
import { POINTER_CACHE_MS, type ViewPointerDocument, type ViewPointers } from './view-pointers';

/**
 * Every view pointer, read with one query and shared by the projector's views for at most
 * POINTER_CACHE_MS (the bound the rebuild's switch protocol relies on, counted from when the read
 * began). Concurrent callers share one read in flight.
 */
export class PointerSnapshot {
  private snapshot?: { readonly at: number; readonly pointers: ReadonlyMap<ViewName, ViewPointerDocument> };
  private loading?: Promise<void>;

  constructor(private readonly pointers: ViewPointers) {}

  async get(view: ViewName): Promise<ViewPointerDocument> {
    if (!this.snapshot || Date.now() - this.snapshot.at >= POINTER_CACHE_MS) await this.reload();
    return this.snapshot?.pointers.get(view) ?? this.pointers.ensure(view);
  }

  private reload(): Promise<void> {
    this.loading ??= (async () => {
      const at = Date.now();
      try {
        const all = await this.pointers.list();
        this.snapshot = { at, pointers: new Map(all.map((p) => [p._id, p])) };
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
