import type { Collection, Filter } from 'mongodb';
import { idLists } from './id-lists';

/**
 * Deletes the documents with these `_id`s, one command per list of ids (see idLists; deleteOne for
 * a single id, the exact-`_id` path); returns how many were deleted.
 */
export async function deleteByIds<T extends { _id: string }>(collection: Collection<T>, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const list of idLists(ids)) {
    const result = list.length === 1 ? await collection.deleteOne({ _id: list[0] } as Filter<T>) : await collection.deleteMany({ _id: { $in: list } } as Filter<T>);
    deleted += result.deletedCount;
  }
  return deleted;
}
