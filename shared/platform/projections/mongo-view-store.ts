import type { Db } from 'mongodb';
import { RevisionChain, type RevisionDocument } from './revision-chain';
import type { BatchingViewStore, ViewDocument, ViewRevision } from './view-store';

/**
 * A view's collection in the read database, as revision chains (see revision-chain.ts): a read is
 * a few `_id` lookups (many documents' together), a write inserts the next revision, an atomic compare-and-set on FerretDB
 * as on MongoDB.
 */
export class MongoViewStore implements BatchingViewStore {
  private readonly chain: RevisionChain;

  constructor(readDb: Db, collectionName: string) {
    this.chain = new RevisionChain(readDb.collection<RevisionDocument>(collectionName));
  }

  static open(readDb: Db, collectionName: string): MongoViewStore {
    return new MongoViewStore(readDb, collectionName);
  }

  get<D extends ViewDocument>(id: string): Promise<D | null> {
    return this.chain.head<D>(id);
  }

  getMany<D extends ViewDocument>(ids: readonly string[]): Promise<(D | null)[]> {
    return this.chain.heads<D>(ids);
  }

  put<D extends ViewDocument>(next: D, previous: D | null): Promise<boolean> {
    return this.chain.insert({ ...next, rev: (previous?.rev ?? 0) + 1 });
  }

  writeRevisions(revisions: readonly ViewRevision[]): Promise<number> {
    return this.chain.insertInOrder(revisions);
  }

  /** Every document at its last revision (a full scan: tests, tooling and listing views). */
  documents(): Promise<ViewDocument[]> {
    return RevisionChain.heads(this.chain.collection);
  }
}
