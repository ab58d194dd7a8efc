import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { DUPLICATE_KEY } from './mongo-errors';

/**
 * FerretDB 1.x inserts an `insert` command's documents in transactions of 100; past a failed one it
 * goes on with the next 100 even when the insert is ordered. Ordered inserts therefore go out in
 * commands of at most this many documents, so that "ordered" means a prefix on either server.
 */
const ORDERED_CHUNK = 100;

/** Write errors of an insertMany, by index; undefined when the command failed as a whole. */
function writeErrors(err: unknown): Map<number, number | undefined> | undefined {
  if (!(err instanceof MongoBulkWriteError) || err.err) return undefined;
  const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  return errors.length === 0 ? undefined : new Map(errors.map((e) => [e.index, e.code]));
}

/**
 * Inserts every document whose `_id` is free, in one unordered command; returns the indexes of
 * those refused by the unique `_id` (each is a lost compare-and-set). Any other failure throws.
 */
export async function insertEachOnce<T extends Document>(collection: Collection<T>, docs: readonly OptionalUnlessRequiredId<T>[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await collection.insertMany([...docs], { ordered: false });
    return new Set();
  } catch (err) {
    const errors = writeErrors(err);
    if (!errors || [...errors.values()].some((code) => code !== DUPLICATE_KEY)) throw err;
    return new Set(errors.keys());
  }
}

/**
 * Inserts the documents in order and stops at the first whose `_id` exists: returns how many were
 * inserted, always a prefix (also after a crash: each command is a prefix, commands go one by one).
 */
export async function insertInOrder<T extends Document>(collection: Collection<T>, docs: readonly OptionalUnlessRequiredId<T>[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < docs.length; start += ORDERED_CHUNK) {
    const chunk = docs.slice(start, start + ORDERED_CHUNK);
    try {
      await collection.insertMany(chunk, { ordered: true });
      inserted += chunk.length;
    } catch (err) {
      const errors = writeErrors(err);
      const first = errors ? Math.min(...errors.keys()) : undefined;
      if (first === undefined || errors?.get(first) !== DUPLICATE_KEY) throw err;
      return inserted + first;
    }
  }
  return inserted;
}
