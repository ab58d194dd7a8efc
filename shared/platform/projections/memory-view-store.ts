import type { Collection } from 'mongodb';
import { chunks } from '../lib/chunks';
import { mapLimit } from '../lib/map-limit';
import { frozenDocument, plainDocument } from './plain-document';
import { RevisionChain, type RevisionDocument } from './revision-chain';
import type { BatchingViewStore, ViewDocument, ViewRevision } from './view-store';

const INSERT_BATCH = 1_000;

/**
 * A view in memory, for a rebuild (and for folding events in tests): the same get/put semantics
 * as the live store, with a single writer. Documents are held frozen and handed out as they are
 * (no copy per read; views build new values). `flush` writes what changed to `target` as one new
 * revision per document, in bulk (insertMany: a command per thousand documents instead of a round
 * trip each), so a rebuilt collection holds one revision per document. Beyond `maxDocuments` it
 * flushes and forgets, and reads fall back to `target`.
 */
export class MemoryViewStore implements BatchingViewStore {
  private readonly docs = new Map<string, ViewDocument>();
  private readonly dirty = new Set<string>();
  /** Last revision written to `target`, per document. */
  private readonly persisted = new Map<string, number>();
  private readonly chain?: RevisionChain;
  private spilled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    target?: Collection<RevisionDocument>,
    private readonly maxDocuments = 200_000,
  ) {
    if (target) this.chain = new RevisionChain(target);
  }

  async get<D extends ViewDocument>(id: string): Promise<D | null> {
    const doc = this.docs.get(id) ?? (await this.loadSpilled(id));
    return (doc ?? null) as D | null;
  }

  getMany<D extends ViewDocument>(ids: readonly string[]): Promise<(D | null)[]> {
    return Promise.all(ids.map((id) => this.get<D>(id)));
  }

  async put<D extends ViewDocument>(next: D, previous: D | null): Promise<boolean> {
    const current = this.docs.get(next._id) ?? (await this.loadSpilled(next._id));
    if ((current === null) !== (previous === null) || (current?.rev ?? 0) !== (previous?.rev ?? 0)) return false;
    this.docs.set(next._id, frozenDocument({ ...next, rev: (previous?.rev ?? 0) + 1 }));
    this.dirty.add(next._id);
    if (this.chain && this.docs.size > this.maxDocuments) await this.flush({ forget: true });
    return true;
  }

  /** As the live store: each revision must follow the document's current one; stops at the first that does not. */
  async writeRevisions(revisions: readonly ViewRevision[]): Promise<number> {
    for (const [i, r] of revisions.entries()) {
      const current = this.docs.get(r._id) ?? (await this.loadSpilled(r._id));
      if ((current?.rev ?? 0) !== r.rev - 1) return i;
      this.docs.set(r._id, frozenDocument(r));
      this.dirty.add(r._id);
    }
    return revisions.length;
  }

  /**
   * Writes every changed document to the target as one new revision; returns how many. Flushes
   * run one after another; the store may be changed while one runs (what changes then is written
   * by the next).
   */
  flush(options: { forget?: boolean } = {}): Promise<number> {
    const run = this.flushing.then(() => this.writeChanged(options));
    this.flushing = run.then(() => undefined, () => undefined);
    return run;
  }

  private async writeChanged(options: { forget?: boolean }): Promise<number> {
    const chain = this.chain;
    if (!chain) throw new Error('this memory view store has no target collection');
    const ids = [...this.dirty];
    this.dirty.clear();
    const revisions = ids.map((id) => ({ ...(this.docs.get(id) as ViewDocument), rev: (this.persisted.get(id) ?? 0) + 1 }));
    try {
      await mapLimit(chunks(revisions, INSERT_BATCH), 2, (chunk) => chain.insertMany(chunk));
    } catch (err) {
      for (const id of ids) this.dirty.add(id);
      throw err;
    }
    for (const r of revisions) this.persisted.set(r._id, r.rev);
    if (options.forget) {
      for (const id of [...this.docs.keys()]) if (!this.dirty.has(id)) this.docs.delete(id);
      this.spilled = true;
    }
    return revisions.length;
  }

  /** Every document held (not those forgotten after a flush). */
  documents(): ViewDocument[] {
    return [...this.docs.values()].map((d) => plainDocument(d));
  }

  private async loadSpilled(id: string): Promise<ViewDocument | null> {
    if (!this.spilled || !this.chain) return null;
    const stored = await this.chain.head(id);
    const doc = stored ? frozenDocument(stored) : null;
    if (doc) this.docs.set(id, doc);
    return doc;
  }
}
