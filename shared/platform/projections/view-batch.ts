import type { DocumentCache } from './document-cache';
import type { DocumentHints } from './projection-view';
import { frozenDocument } from './plain-document';
import type { BatchingViewStore, ViewDocument, ViewRevision, ViewStore } from './view-store';

interface Put {
  readonly id: string;
  readonly doc: ViewDocument;
  /** The document before this put (null: did not exist), to roll an event back. */
  readonly before: ViewDocument | null;
}

export interface FlushResult {
  /** Revisions written, a prefix of those the batch had. */
  readonly written: number;
  /** True when a revision existed already: another writer changed a document since it was read. */
  readonly conflict: boolean;
  readonly documents: number;
}

/**
 * The documents a batch of events changes, held in memory while the view folds the events one by
 * one (the same view code as for a single event, against this store), then written once: a
 * document changed by many events of the batch gets one new revision, and all revisions of the
 * batch go out in order in a few insert commands (BatchingViewStore.writeRevisions).
 *
 * Order and crash safety: revisions are written in the order of the batch's last change to each
 * document, and a store that fails or dies mid-way has written a prefix. Documents the view keeps
 * independent (one per source stream, or recording each stream's applied version) are safe in any
 * prefix: events the relay hands over again are skipped where they were applied. A document that
 * carries a `journal` (a change spanning documents, see ViewDocument) is written at every change,
 * in place, so its journal protocol sees the same sequence of states as event-by-event writes.
 * (A document changed again after its creation gets two revisions: see `revisions`.)
 */
export class ViewBatch implements ViewStore {
  /** Each document as the batch sees it now (null: does not exist). */
  private readonly current = new Map<string, ViewDocument | null>();
  /** Revision of each document in the store when the batch first read it (0: none). */
  private readonly stored = new Map<string, number>();
  /** Documents taken as absent on an event's word (`creates`), not read. */
  private readonly assumed = new Set<string>();
  private readonly puts: Put[] = [];

  constructor(
    private readonly store: BatchingViewStore,
    private readonly cache: DocumentCache,
  ) {}

  /**
   * Reads the documents the batch will need together, and takes those its events create as
   * absent (hints: a view reads what it reads either way; a wrong `creates` fails the write).
   */
  async prefetch(hints: readonly DocumentHints[]): Promise<void> {
    const unknown = (id: string) => !this.current.has(id) && this.cache.get(id) === undefined;
    const created = new Set(hints.flatMap((h) => h.creates ?? []).filter(unknown));
    for (const id of created) {
      this.current.set(id, null);
      this.stored.set(id, 0);
      this.assumed.add(id);
    }
    const reads = [...new Set(hints.flatMap((h) => h.reads ?? []))].filter(unknown);
    const docs = await this.store.getMany(reads);
    reads.forEach((id, i) => this.cache.set(id, docs[i] ? frozenDocument(docs[i]) : null));
  }

  /** The document as the batch sees it; frozen, shared, not a copy. */
  async get<D extends ViewDocument>(id: string): Promise<D | null> {
    return (await this.read(id)) as D | null;
  }

  async put<D extends ViewDocument>(next: D, previous: D | null): Promise<boolean> {
    const current = await this.read(next._id);
    if ((current === null) !== (previous === null) || (current?.rev ?? 0) !== (previous?.rev ?? 0)) return false;
    const doc = frozenDocument({ ...next, rev: (previous?.rev ?? 0) + 1 });
    this.puts.push({ id: next._id, doc, before: current });
    this.current.set(next._id, doc);
    return true;
  }

  /** A point to roll back to: what one event changed is undone when it fails half-way. */
  savepoint(): number {
    return this.puts.length;
  }

  rollback(savepoint: number): void {
    while (this.puts.length > savepoint) {
      const put = this.puts.pop() as Put;
      this.current.set(put.id, put.before);
    }
  }

  /**
   * The revisions the batch writes, in order (see the class comment). A document taken as absent
   * without reading goes first, as it was created: if it exists after all, the write stops there,
   * before any change computed from that mistake (its later state follows in its usual place).
   */
  revisions(): ViewRevision[] {
    const first = new Map<string, number>();
    const last = new Map<string, number>();
    const journaled = new Set<string>();
    this.puts.forEach((p, i) => {
      if (!first.has(p.id)) first.set(p.id, i);
      last.set(p.id, i);
      if (p.doc.journal !== undefined) journaled.add(p.id);
    });
    const created: ViewRevision[] = [];
    const revisions: ViewRevision[] = [];
    const rev = new Map<string, number>();
    this.puts.forEach((p, i) => {
      const creation = this.assumed.has(p.id) && first.get(p.id) === i;
      if (!creation && !journaled.has(p.id) && last.get(p.id) !== i) return;
      const next = (rev.get(p.id) ?? this.stored.get(p.id) ?? 0) + 1;
      rev.set(p.id, next);
      (creation ? created : revisions).push({ ...p.doc, rev: next });
    });
    return [...created, ...revisions];
  }

  async flush(): Promise<FlushResult> {
    const revisions = this.revisions();
    let written: number;
    try {
      written = await this.store.writeRevisions(revisions);
    } catch (err) {
      for (const r of revisions) this.cache.forget(r._id);
      throw err;
    }
    revisions.forEach((r, i) => (i < written ? this.cache.set(r._id, frozenDocument(r)) : this.cache.forget(r._id)));
    return { written, conflict: written < revisions.length, documents: new Set(revisions.map((r) => r._id)).size };
  }

  private async read(id: string): Promise<ViewDocument | null> {
    const seen = this.current.get(id);
    if (seen !== undefined) return seen;
    let doc = this.cache.get(id);
    if (doc === undefined) {
      const stored = await this.store.get(id);
      doc = stored ? frozenDocument(stored) : null;
      this.cache.set(id, doc);
    }
    this.current.set(id, doc);
    this.stored.set(id, doc?.rev ?? 0);
    return doc;
  }
}
