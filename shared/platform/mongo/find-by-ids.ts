import type { Collection, WithId } from 'mongodb';
import { idListFilter, idLists } from './id-lists';

/**
 * The documents with these `_id`s that exist, in no particular order: one find per list of ids
 * (see idLists and idListFilter).
 */
export async function findByIds<T extends { _id: string }>(collection: Collection<T>, ids: readonly string[]): Promise<WithId<T>[]> {
  const found: WithId<T>[] = [];
  for (const list of idLists(ids)) found.push(...(await collection.find(idListFilter<T>(list)).toArray()));
  return found;
}
