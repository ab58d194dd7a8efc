import type { DataProduct, RowChange } from './data-product-definition';
import type { Pseudonymiser } from './pseudonymiser';
import { quoteIdentifier, type Column } from './table-columns';

/**
 * A row on its way into DuckDB: every value as text (or null), cast to the column's type by the
 * statement that merges staged rows. Text keeps one staging path for every type and is exact
 * (integers below 2^53, JavaScript's shortest round-trip form of doubles, ISO-8601 instants).
 */
export type Cells = Record<string, string | null>;

/** A validated, pseudonymised change, ready to stage. */
export type CellChange = { readonly upsert: Cells } | { readonly update: { readonly key: Cells; readonly set: Cells } };

export class RowChangeError extends Error {
  override readonly name = 'RowChangeError';
}

/**
 * Validates a mapping's changes against the product's schema after replacing every pseudonymised
 * column's source value by its keyed hash, so a personal value never reaches a table or a file,
 * whatever the mapping returned.
 */
export function toCellChanges(product: DataProduct, columns: readonly Column[], changes: readonly RowChange<Record<string, unknown>>[], pseudonymiser: Pseudonymiser): CellChange[] {
  return changes.map((change) => {
    if ('upsert' in change) {
      const parsed = product.schema.strict().safeParse(pseudonymise(product, change.upsert, pseudonymiser));
      if (!parsed.success) throw new RowChangeError(`${product.name}: invalid row: ${issues(parsed.error.issues)}`);
      return { upsert: toCells(columns, parsed.data as Record<string, unknown>) };
    }
    const { key, set } = change.update;
    const keyNames = Object.keys(key).sort().join();
    if (keyNames !== [...product.key].sort().join()) throw new RowChangeError(`${product.name}: an update names its row by the whole key (${product.key.join(', ')})`);
    if (Object.keys(set).some((c) => product.key.includes(c))) throw new RowChangeError(`${product.name}: an update cannot change key columns`);
    const parsed = product.schema.partial().strict().safeParse(pseudonymise(product, { ...key, ...set }, pseudonymiser));
    if (!parsed.success) throw new RowChangeError(`${product.name}: invalid update: ${issues(parsed.error.issues)}`);
    const data = parsed.data as Record<string, unknown>;
    const pick = (names: readonly string[]) => toCells(columns.filter((c) => names.includes(c.name)), data);
    return { update: { key: pick(Object.keys(key)), set: pick(Object.keys(set)) } };
  });
}

function pseudonymise(product: DataProduct, row: Record<string, unknown>, pseudonymiser: Pseudonymiser): Record<string, unknown> {
  const out = { ...row };
  for (const [column, classification] of Object.entries(product.classification)) {
    if (classification.personal !== 'pseudonymised' || out[column] === undefined || out[column] === null) continue;
    out[column] = pseudonymiser.pseudonym(classification.from, String(out[column]));
  }
  return out;
}

function toCells(columns: readonly Column[], row: Record<string, unknown>): Cells {
  const cells: Cells = {};
  for (const c of columns) {
    if (!(c.name in row)) continue;
    const value = row[c.name];
    cells[c.name] = value === null || value === undefined ? null : String(value);
  }
  return cells;
}

export function keyOf(key: readonly string[], cells: Cells): string {
  return JSON.stringify(key.map((k) => cells[k] ?? null));
}

/** `CAST("col" AS TYPE)` of a staged text column. */
export function castFromText(c: Column): string {
  return `CAST(${quoteIdentifier(c.name)} AS ${c.type})`;
}

/** A column read back as the text `toCells` would have produced. */
export function asText(c: Column, qualifier = ''): string {
  const name = `${qualifier}${quoteIdentifier(c.name)}`;
  if (c.type === 'TIMESTAMPTZ') return `strftime(${name}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
  if (c.type === 'DATE') return `strftime(${name}, '%Y-%m-%d')`;
  if (c.type === 'BOOLEAN') return `CAST(${name} AS VARCHAR)`;
  if (c.type === 'BIGINT' || c.type === 'DOUBLE') return `CAST(${name} AS VARCHAR)`;
  return name;
}

function issues(list: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return list.map((i) => `${i.path.map(String).join('.') || '(row)'}: ${i.message}`).join('; ');
}
