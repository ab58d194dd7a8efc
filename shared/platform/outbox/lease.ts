import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { OUTBOX_COLLECTIONS } from './outbox-collections';
import { insertOnce } from '../mongo/insert-once';
import { insertEachOnce } from '../mongo/bulk-inserts';

export interface Lease {
  readonly key: string;
  readonly token: string;
  readonly expiresAt: Date;
}

interface LeaseDocument {
  _id: string;
  kind: 'lease' | 'takeover';
  token: string;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
}

export interface LeasesOptions {
  /**
   * Extra time after expiry before a lease may be taken over, and before expiry after which
   * its holder no longer releases it: the clock skew (and pause) the leases tolerate.
   */
  readonly graceMs?: number;
}

const MAX_TAKEOVER_MARKERS = 5;

/**
 * Mutual exclusion on FerretDB, where only an insert on a unique `_id` is atomic (a conditional
 * delete or update there is a read followed by a write by `_id`, so it can hit a document
 * inserted in between).
 *
 * - Acquire a free key: insert `{_id: key, token, expiresAt}`.
 * - Take over an expired lease: first win a takeover marker, an insert of
 *   `"<key>!takeover!<expired token>!<n>"`, so that of all processes that saw the same expired
 *   lease exactly one deletes it and inserts its own; a loser that reads the key later sees the
 *   new token and deletes nothing. A marker whose taker died expires too, and the next `n` is used.
 * - Release: the holder deletes its document, only while well within its term, so the delete
 *   cannot meet a successor's document.
 * - Renew: the holder moves its expiry, on the same condition (nobody else may touch a document
 *   before it expires). Delivery leases are not renewed: their holder stops working when little of
 *   its term is left and acquires again; a relay's leadership of a batch subscriber is renewed.
 * Many keys are acquired with one insert command and released with one delete.
 */
export class Leases {
  private readonly collection: Collection<LeaseDocument>;
  private readonly graceMs: number;

  constructor(db: Db, options: LeasesOptions = {}) {
    this.collection = db.collection<LeaseDocument>(OUTBOX_COLLECTIONS.leases);
    this.graceMs = options.graceMs ?? 250;
  }

  async acquire(key: string, ttlMs: number, owner: string): Promise<Lease | null> {
    for (let round = 0; round < 3; round += 1) {
      const mine = leaseDocument(key, 'lease', ttlMs, owner);
      if (await this.tryInsert(mine)) return toLease(mine);
      const current = await this.collection.findOne({ _id: key });
      if (!current) continue;
      if (current.expiresAt.getTime() + this.graceMs > Date.now()) return null;
      if (!(await this.winTakeover(key, current, ttlMs, owner))) return null;
      await this.collection.deleteOne({ _id: key, token: current.token });
      const fresh = leaseDocument(key, 'lease', ttlMs, owner);
      return (await this.tryInsert(fresh)) ? toLease(fresh) : null;
    }
    return null;
  }

  /**
   * Acquires every free key with one insert command; a key someone holds is taken only if that
   * lease has expired (its holder died), one key at a time. Returns the leases acquired, by key.
   */
  async acquireMany(keys: readonly string[], ttlMs: number, owner: string): Promise<Map<string, Lease>> {
    const docs = keys.map((key) => leaseDocument(key, 'lease', ttlMs, owner));
    const held = await insertEachOnce(this.collection, docs);
    const acquired = new Map<string, Lease>();
    for (const [i, doc] of docs.entries()) {
      const lease = held.has(i) ? await this.acquire(doc._id, ttlMs, owner) : toLease(doc);
      if (lease) acquired.set(doc._id, lease);
    }
    return acquired;
  }

  async release(lease: Lease): Promise<void> {
    if (this.remainingMs(lease) <= this.graceMs) return;
    await this.collection.deleteOne({ _id: lease.key, token: lease.token });
  }

  /** Releases many leases with one command (those too close to their expiry are left to expire). */
  async releaseMany(leases: readonly Lease[]): Promise<void> {
    const releasable = leases.filter((l) => this.remainingMs(l) > this.graceMs);
    if (releasable.length <= 1) {
      for (const lease of releasable) await this.release(lease);
      return;
    }
    await this.collection.deleteMany({ _id: { $in: releasable.map((l) => l.key) }, token: { $in: releasable.map((l) => l.token) } });
  }

  /** A new term for a lease still held well within its current one; null once it is too late (it may be lost). */
  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    if (this.remainingMs(lease) <= this.graceMs) return null;
    const expiresAt = new Date(Date.now() + ttlMs);
    const result = await this.collection.updateOne({ _id: lease.key, token: lease.token }, { $set: { expiresAt } });
    return result.matchedCount === 1 ? { ...lease, expiresAt } : null;
  }

  remainingMs(lease: Lease, now = Date.now()): number {
    return lease.expiresAt.getTime() - now;
  }

  /** Removes takeover markers left by takers that died (housekeeping only). */
  async sweepMarkers(olderThanMs: number): Promise<number> {
    const result = await this.collection.deleteMany({ kind: 'takeover', expiresAt: { $lt: new Date(Date.now() - olderThanMs) } });
    return result.deletedCount;
  }

  private async winTakeover(key: string, expired: LeaseDocument, ttlMs: number, owner: string): Promise<boolean> {
    for (let n = 1; n <= MAX_TAKEOVER_MARKERS; n += 1) {
      const marker = leaseDocument(`${key}!takeover!${expired.token}!${n}`, 'takeover', ttlMs, owner);
      if (await this.tryInsert(marker)) return true;
      const other = await this.collection.findOne({ _id: marker._id });
      if (other && other.expiresAt.getTime() + this.graceMs > Date.now()) return false;
    }
    return false;
  }

  private async tryInsert(doc: LeaseDocument): Promise<boolean> {
    return insertOnce(this.collection, doc);
  }
}

function leaseDocument(_id: string, kind: LeaseDocument['kind'], ttlMs: number, owner: string): LeaseDocument {
  const now = Date.now();
  return { _id, kind, token: randomUUID(), owner, acquiredAt: new Date(now), expiresAt: new Date(now + ttlMs) };
}

function toLease(doc: LeaseDocument): Lease {
  return { key: doc._id, token: doc.token, expiresAt: doc.expiresAt };
}
