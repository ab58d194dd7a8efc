import type { Collection } from 'mongodb';
import { plainDocument } from './plain-document';
import { RevisionChain, type RevisionDocument } from './revision-chain';
import type { BatchingViewStore, ViewDocument, ViewRevision } from './view-store';

const INSERT_BATCH = 1_000;

/**
 * A view in memory, for a rebuild (and for folding events in tests): the same get/put semantics
 * as the live store, with a single writer. `flush` writes what changed to `target` as one new
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

  constructor(
    target?: Collection<RevisionDocument>,
    private readonly maxDocuments = 200_000,
  ) {
    if (target) this.chain = new RevisionChain(target);
  }

  async get<D extends ViewDocument>(id: string): Promise<D | null> {
    const doc = this.docs.get(id) ?? (await this.loadSpilled(id));
    return doc ? (plainDocument(doc) as D) : null;
  }

  async put<D extends ViewDocument>(next: D, previous: D | null): Promise<boolean> {
    const current = this.docs.get(next._id) ?? (await this.loadSpilled(next._id));
    if ((current === null) !== (previous === null) || (current?.rev ?? 0) !== (previous?.rev ?? 0)) return false;
    this.docs.set(next._id, plainDocument({ ...next, rev: (previous?.rev ?? 0) + 1 }));
    this.dirty.add(next._id);
    if (this.chain && this.docs.size > this.maxDocuments) await this.flush({ forget: true });
    return true;
  }

  /** As the live store: each revision must follow the document's current one; stops at the first that does not. */
  async writeRevisions(revisions: readonly ViewRevision[]): Promise<number> {
    for (const [i, r] of revisions.entries()) {
      const current = this.docs.get(r._id) ?? (await this.loadSpilled(r._id));
      if ((current?.rev ?? 0) !== r.rev - 1) return i;
      this.docs.set(r._id, plainDocument(r));
      this.dirty.add(r._id);
    }
    return revisions.length;
  }

  /** Writes every changed document to the target; returns how many. */
  async flush(options: { forget?: boolean } = {}): Promise<number> {
    if (!this.chain) throw new Error('this memory view store has no target collection');
    const revisions = [...this.dirty].map((id) => ({ ...(this.docs.get(id) as ViewDocument), rev: (this.persisted.get(id) ?? 0) + 1 }));
    for (let i = 0; i < revisions.length; i += INSERT_BATCH) await this.chain.insertMany(revisions.slice(i, i + INSERT_BATCH));
    for (const r of revisions) this.persisted.set(r._id, r.rev);
    this.dirty.clear();
    if (options.forget) {
      this.docs.clear();
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
    const doc = await this.chain.head(id);
    if (doc) this.docs.set(id, doc);
    return doc;
  }
}
