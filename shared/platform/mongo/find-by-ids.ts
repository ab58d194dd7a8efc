import type { Collection, Filter, WithId } from 'mongodb';
import { idLists } from './id-lists';

/**
 * The documents with these `_id`s that exist, in no particular order: one `_id: {$in}` find per
 * list of ids (see idLists), an exact-`_id` find for a single one.
 */
export async function findByIds<T extends { _id: string }>(collection: Collection<T>, ids: readonly string[]): Promise<WithId<T>[]> {
  const found: WithId<T>[] = [];
  for (const list of idLists(ids)) {
    if (list.length === 1) {
      const doc = await collection.findOne({ _id: list[0] } as Filter<T>);
      if (doc) found.push(doc);
    } else {
      found.push(...(await collection.find({ _id: { $in: list } } as Filter<T>).toArray()));
    }
  }
  return found;
}
