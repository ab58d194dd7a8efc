import type { Collection } from 'mongodb';
import { GroupedInserts } from '../mongo/grouped-inserts';
import { insertInOrder } from '../mongo/bulk-inserts';
import { plainDocument } from './plain-document';
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
 * A read finds the last revision with exact-`_id` probes: forward from the last one this process
 * saw (two reads at once), else galloping then bisecting (about 2·log2(revisions) reads).
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
    const hint = this.known.get(id);
    if (hint !== undefined) {
      const [current, next] = await Promise.all([this.read(id, hint), this.read(id, hint + 1)]);
      if (current && !next) return toViewDocument<D>(current);
      if (!current) this.known.delete(id);
      else return this.search<D>(id, hint + 1, next as RevisionDocument);
    }
    return this.search<D>(id, 0, null);
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

  /** Gallops from `from` (a revision known to exist, or 0) to a missing one, then bisects. */
  private async search<D extends ViewDocument>(id: string, from: number, fromDoc: RevisionDocument | null): Promise<D | null> {
    let lo = from;
    let loDoc = fromDoc;
    let step = 1;
    let hi: number;
    for (;;) {
      const probe = await this.read(id, lo + step);
      if (!probe) {
        hi = lo + step;
        break;
      }
      lo += step;
      loDoc = probe;
      step *= 2;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const probe = await this.read(id, mid);
      if (probe) {
        lo = mid;
        loDoc = probe;
      } else {
        hi = mid;
      }
    }
    if (!loDoc) return null;
    this.remember(id, lo);
    return toViewDocument<D>(loDoc);
  }

  private read(id: string, rev: number): Promise<RevisionDocument | null> {
    return this.collection.findOne({ _id: revisionId(id, rev) });
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
