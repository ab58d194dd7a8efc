import type { Collection, Filter } from 'mongodb';

/** Deletes the documents with these `_id`s in one command (deleteOne for a single id, the exact-`_id` path). */
export async function deleteByIds<T extends { _id: string }>(collection: Collection<T>, ids: readonly string[]): Promise<void> {
  if (ids.length === 1) await collection.deleteOne({ _id: ids[0] } as Filter<T>);
  else if (ids.length > 1) await collection.deleteMany({ _id: { $in: [...ids] } } as Filter<T>);
}
