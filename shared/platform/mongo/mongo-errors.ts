import { MongoBulkWriteError, MongoServerError } from 'mongodb';

export const DUPLICATE_KEY = 11000;

/**
 * Duplicate key (11000). FerretDB reports neither index name nor key, so detect by code only;
 * every unique constraint this code relies on is the `_id`.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError) {
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    return errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY);
  }
  return err instanceof MongoServerError && err.code === DUPLICATE_KEY;
}
