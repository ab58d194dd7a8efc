import type { Collection } from 'mongodb';
import { idListFilter, idLists } from './id-lists';

/** Deletes the documents with these `_id`s, one command per list of ids (see idLists and idListFilter); returns how many were deleted. */
export async function deleteByIds<T extends { _id: string }>(collection: Collection<T>, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const list of idLists(ids)) deleted += (await collection.deleteMany(idListFilter<T>(list))).deletedCount;
  return deleted;
}
