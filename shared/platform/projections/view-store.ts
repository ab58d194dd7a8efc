import { fullJitterDelay, sleep } from '../lib/backoff';

/**
 * A view document. Bookkeeping fields, which say how the document was written rather than
 * what the view shows: `rev` counts its writes (the store sets it, views never do); `journal`
 * records a change that spans documents, for crash recovery (see sales-by-state).
 */
export interface ViewDocument {
  readonly _id: string;
  readonly rev?: number;
  readonly journal?: unknown;
}

/** Reading a view's documents: by exact `_id` only, the one lookup FerretDB's SQLite backend pushes down. */
export interface ViewReader {
  get<D extends ViewDocument>(id: string): Promise<D | null>;
}

/**
 * Where a view keeps its documents. The live store is a MongoDB collection written by concurrent
 * relay deliveries; the rebuild store is an in-memory map flushed in bulk. Views are written
 * against this interface only, so a rebuild runs exactly the code the live projector runs.
 */
export interface ViewStore extends ViewReader {
  /**
   * Writes `next` if the document is still `previous` (null: does not exist yet), atomically.
   * False when another writer got there first: read again and decide again.
   */
  put<D extends ViewDocument>(next: D, previous: D | null): Promise<boolean>;
}

/** A revision of a view document as a store writes it: the document and its revision number. */
export type ViewRevision = ViewDocument & { readonly rev: number };

/**
 * A store that also writes many revisions in one go: the live store, written by the projector's
 * batches (see ViewBatch). `rev` numbers the revision; the write is a compare-and-set per revision.
 */
export interface BatchingViewStore extends ViewStore {
  /** Many documents at once, in the order asked (null: none); what a batch reads before folding. */
  getMany<D extends ViewDocument>(ids: readonly string[]): Promise<(D | null)[]>;
  /** Writes the revisions in order and stops at the first that exists already; returns how many it wrote. */
  writeRevisions(revisions: readonly ViewRevision[]): Promise<number>;
}

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

const MAX_UPDATE_ATTEMPTS = 50;
const RETRY_BACKOFF = { baseMs: 2, maxMs: 100 };

/**
 * Read, decide, write-if-unchanged, retry: the document `id` becomes `decide(current)`; `null`
 * from `decide` means "nothing to write" (typically: this event was applied already).
 * Returns whether it wrote.
 */
export async function updateDocument<D extends ViewDocument>(
  store: ViewStore,
  id: string,
  decide: (current: D | null) => D | null | Promise<D | null>,
  /** The document as the caller just read it (saves the first read). */
  firstRead?: D | null,
): Promise<boolean> {
  for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt += 1) {
    const current = attempt === 1 && firstRead !== undefined ? firstRead : await store.get<D>(id);
    const next = await decide(current);
    if (next === null) return false;
    if (await store.put(next, current)) return true;
    await sleep(fullJitterDelay(attempt, RETRY_BACKOFF));
  }
  throw new ConcurrentUpdateError(`document ${id}: ${MAX_UPDATE_ATTEMPTS} concurrent writes in a row`);
}

/** The document without the store's bookkeeping, for comparing two copies of a view. */
export function withoutBookkeeping<D extends ViewDocument>(doc: D): Omit<D, 'rev' | 'journal'> {
  const { rev: _rev, journal: _journal, ...rest } = doc;
  return rest;
}
