import type { Collection } from 'mongodb';
import { GroupedInserts } from '../mongo/grouped-inserts';
import { insertInOrder } from '../mongo/bulk-inserts';
import { findByIds } from '../mongo/find-by-ids';
import { plainDocument } from './plain-document';
import { RevisionSearch } from './revision-search';
import type { ViewDocument } from './view-store';

/** One stored revision of a view document: `_id = "<document id>@<rev>"`, the document's fields beside. */
export interface RevisionDocument {
  readonly _id: string;
  /** The view document's own `_id`. */
  readonly _doc: string;
  readonly rev: number;
  readonly [field: string]: unknown;
}

export const revisionId = (id: string, rev: number): string => `${id}@${rev}`;

/** Last revision seen per collection and document, shared by the stores of a process (only ever behind). */
const knownRevisions = new Map<string, Map<string, number>>();
const MAX_KNOWN_PER_COLLECTION = 100_000;
/** Rebuilds leave collections behind; forget all hints rather than grow without bound. */
const MAX_KNOWN_COLLECTIONS = 50;

/**
 * View documents as chains of immutable revisions, `<id>@1`, `<id>@2`, ... On FerretDB 1.x a
 * conditional update or delete is a read followed by a write by `_id`, not atomic; an insert on
 * a unique `_id` is the one atomic compare-and-set. So a write inserts the next revision (losing
 * a race = a duplicate key: read again, decide again), which is what lets documents fed by
 * several streams at once (a customer's orders, the sales totals) lose no update, with no lock.
 * A read finds the last revision by probing revisions by `_id`, many documents' probes in one
 * `$in` read per round: the last one this process saw and the next, else galloping then
 * splitting the gap (see RevisionSearch).
 * Old revisions stay (one document per applied event); a rebuild writes a compact collection.
 */
export class RevisionChain {
  private readonly known: Map<string, number>;
  /** Revisions written at the same time by concurrent deliveries travel together (group commit). */
  private readonly inserts: GroupedInserts<RevisionDocument>;

  constructor(readonly collection: Collection<RevisionDocument>) {
    this.inserts = new GroupedInserts(collection);
    const name = `${collection.dbName}.${collection.collectionName}`;
    let known = knownRevisions.get(name);
    if (!known) {
      if (knownRevisions.size >= MAX_KNOWN_COLLECTIONS) knownRevisions.clear();
      knownRevisions.set(name, (known = new Map()));
    }
    this.known = known;
  }

  /** The document at its last revision, or null. */
  async head<D extends ViewDocument>(id: string): Promise<D | null> {
    return (await this.heads<D>([id]))[0] ?? null;
  }

  /**
   * Each document at its last revision (null: none), in the order asked: the searches of all of
   * them advance together, one read of every revision they ask about per round (see
   * RevisionSearch): one or two rounds for documents this process has seen or that do not exist.
   */
  async heads<D extends ViewDocument>(ids: readonly string[]): Promise<(D | null)[]> {
    const searches = new Map([...new Set(ids)].map((id) => [id, new RevisionSearch<RevisionDocument>(id, this.known.get(id))]));
    let open = [...searches.values()];
    while (open.length > 0) {
      const probed = open.flatMap((search) => search.probes().map((rev) => revisionId(search.id, rev)));
      const found = new Map((await findByIds(this.collection, probed)).map((r) => [r._id, r]));
      for (const search of open) search.learn((rev) => found.get(revisionId(search.id, rev)));
      open = open.filter((search) => !search.done);
    }
    for (const search of searches.values()) {
      if (search.staleHint) this.known.delete(search.id);
      if (search.last.doc) this.remember(search.id, search.last.rev);
    }
    return ids.map((id) => {
      const doc = searches.get(id)?.last.doc;
      return doc ? toViewDocument<D>(doc) : null;
    });
  }

  /** Inserts revision `rev` of the document; false when it exists (another writer was first). */
  async insert(doc: ViewDocument & { rev: number }): Promise<boolean> {
    if ((await this.inserts.insert(toRevision(doc))) === 'duplicate') return false;
    this.remember(doc._id, doc.rev);
    return true;
  }

  /**
   * Inserts revisions in order, a few commands for many, stopping at the first that exists (another
   * writer was first): returns how many were inserted, a prefix of `docs` (see insertInOrder).
   */
  async insertInOrder(docs: readonly (ViewDocument & { rev: number })[]): Promise<number> {
    const inserted = await insertInOrder(this.collection, docs.map(toRevision));
    for (const d of docs.slice(0, inserted)) this.remember(d._id, d.rev);
    return inserted;
  }

  /** Inserts many revisions at once (a rebuild's flush); they must not exist yet. */
  async insertMany(docs: readonly (ViewDocument & { rev: number })[]): Promise<void> {
    if (docs.length === 0) return;
    await this.collection.insertMany(docs.map(toRevision), { ordered: false });
    for (const d of docs) this.remember(d._id, d.rev);
  }

  private remember(id: string, rev: number): void {
    if (this.known.size >= MAX_KNOWN_PER_COLLECTION) this.known.clear();
    if ((this.known.get(id) ?? 0) < rev) this.known.set(id, rev);
  }

  /** Every document at its last revision: a full scan, for tests and tooling only. */
  static async heads(collection: Collection<RevisionDocument>): Promise<ViewDocument[]> {
    const last = new Map<string, RevisionDocument>();
    for await (const r of collection.find({})) {
      const seen = last.get(r._doc);
      if (!seen || seen.rev < r.rev) last.set(r._doc, r);
    }
    return [...last.values()].map((r) => toViewDocument(r));
  }
}

function toRevision(doc: ViewDocument & { rev: number }): RevisionDocument {
  const { _id, ...fields } = plainDocument(doc);
  return { ...fields, _id: revisionId(_id, doc.rev), _doc: _id, rev: doc.rev };
}

function toViewDocument<D extends ViewDocument>(revision: RevisionDocument): D {
  const { _id: _revisionId, _doc, ...fields } = revision;
  return { ...fields, _id: _doc } as unknown as D;
}
