import type { ViewDocument } from './view-store';

/**
 * The last known revision of documents of one view collection, as this process wrote or read it
 * (null: known not to exist). It may be behind when another process wrote meanwhile; that is
 * safe because every write is a compare-and-set on the next revision: a batch computed from a
 * stale document fails to write it, forgets what it knew and tries again from the store.
 */
export class DocumentCache {
  private readonly docs = new Map<string, ViewDocument | null>();

  constructor(private readonly capacity = 50_000) {}

  /** The document, null when known absent, undefined when unknown. */
  get(id: string): ViewDocument | null | undefined {
    return this.docs.get(id);
  }

  set(id: string, doc: ViewDocument | null): void {
    this.docs.delete(id);
    this.docs.set(id, doc);
    if (this.docs.size > this.capacity) {
      const oldest = this.docs.keys().next();
      if (!oldest.done) this.docs.delete(oldest.value);
    }
  }

  forget(id: string): void {
    this.docs.delete(id);
  }

  clear(): void {
    this.docs.clear();
  }
}
