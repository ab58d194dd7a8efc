import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors';

/**
 * Inserts `doc` unless a document with its `_id` exists; true if this call inserted it.
 * The one compare-and-set that is atomic on FerretDB 1.x and MongoDB alike: claims, leases,
 * inbox entries and idempotency records are all built on it.
 */
export async function insertOnce<T extends Document>(collection: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<boolean> {
  try {
    await collection.insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
