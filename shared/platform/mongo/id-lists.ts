/**
 * The most `_id`s one `_id: {$in}` command names: the project's FerretDB build serves a list of
 * at most 1,000 from the `_id` index (scripts/ferretdb) and scans the collection for a longer one.
 */
const IDS_PER_COMMAND = 500;

/** The distinct ids, in lists short enough for one indexed `$in` each. */
export function idLists(ids: readonly string[]): string[][] {
  const unique = [...new Set(ids)];
  return Array.from({ length: Math.ceil(unique.length / IDS_PER_COMMAND) }, (_, i) => unique.slice(i * IDS_PER_COMMAND, (i + 1) * IDS_PER_COMMAND));
}
