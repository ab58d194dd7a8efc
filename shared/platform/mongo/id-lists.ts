import type { Filter } from 'mongodb';
import { chunks } from '../lib/chunks';

/**
 * The most `_id`s one `_id: {$in}` command names: the project's FerretDB build serves a list of
 * at most 1,000 from the `_id` index (scripts/ferretdb) and scans the collection for a longer one.
 */
const IDS_PER_COMMAND = 500;

/** The distinct ids, in lists short enough for one indexed `$in` each. */
export function idLists(ids: readonly string[]): string[][] {
  return chunks([...new Set(ids)], IDS_PER_COMMAND);
}

/** The filter for one such list: the exact `_id` for a single id, else `$in`. */
export function idListFilter<T extends { _id: string }>(list: readonly string[]): Filter<T> {
  return (list.length === 1 ? { _id: list[0] } : { _id: { $in: [...list] } }) as Filter<T>;
}
