import type { Collection, Filter, WithId } from 'mongodb';

/** The most `_id`s one `$in` read asks for (FerretDB pushes down lists of at most 1,000). */
const IDS_PER_FIND = 500;

/**
 * The documents with these `_id`s that exist, in no particular order: one `_id: {$in}` find per
 * few hundred ids (an indexed lookup on MongoDB and on the project's FerretDB build, see
 * scripts/ferretdb), an exact-`_id` find for a single one.
 */
export async function findByIds<T extends { _id: string }>(collection: Collection<T>, ids: readonly string[]): Promise<WithId<T>[]> {
  const unique = [...new Set(ids)];
  const found: WithId<T>[] = [];
  for (let i = 0; i < unique.length; i += IDS_PER_FIND) {
    const batch = unique.slice(i, i + IDS_PER_FIND);
    if (batch.length === 1) {
      const doc = await collection.findOne({ _id: batch[0] } as Filter<T>);
      if (doc) found.push(doc);
    } else {
      found.push(...(await collection.find({ _id: { $in: batch } } as Filter<T>).toArray()));
    }
  }
  return found;
}
