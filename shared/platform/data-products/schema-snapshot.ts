import type { DataProduct } from './data-product-definition';
import type { DataProductCatalogue } from './data-product-catalogue';
import { tableColumns, type Column } from './table-columns';

/** What consumers of one product version rely on: its table's key, partitioning and columns. */
export interface PublishedSchema {
  readonly key: readonly string[];
  readonly partitionBy: { readonly column: string; readonly grain: string };
  readonly columns: readonly Pick<Column, 'name' | 'type' | 'nullable' | 'pseudonymOf'>[];
}

/** The published schemas, by `<product>@v<version>` (sorted, so the committed file diffs cleanly). */
export type SchemaSnapshot = Readonly<Record<string, PublishedSchema>>;

export const schemaKey = (p: Pick<DataProduct, 'name' | 'version'>): string => `${p.name}@v${p.version}`;

export function publishedSchema(product: DataProduct): PublishedSchema {
  return {
    key: [...product.key],
    partitionBy: { column: product.partitionBy.column, grain: product.partitionBy.grain },
    columns: tableColumns(product).map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, ...(c.pseudonymOf ? { pseudonymOf: c.pseudonymOf } : {}) })),
  };
}

export function schemaSnapshot(catalogue: DataProductCatalogue): SchemaSnapshot {
  return Object.fromEntries(catalogue.products.map((p) => [schemaKey(p), publishedSchema(p)] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * A schema change without a new version: any difference between a product version's schema and
 * what was recorded for it (a column added, removed, retyped, made nullable, renamed; another key
 * or partitioning) breaks the Parquet files and queries its consumers read. A version that was
 * never recorded, or vanished without a newer version of its product, is reported too. Recorded
 * versions stay in the snapshot, so a version number is never reused for another schema.
 */
export function schemaViolations(catalogue: DataProductCatalogue, snapshot: SchemaSnapshot): string[] {
  const problems: string[] = [];
  const current = schemaSnapshot(catalogue);
  for (const [key, schema] of Object.entries(current)) {
    const published = snapshot[key];
    if (!published) {
      problems.push(`${key}: not in the committed snapshot; record it (npm run data-products:record)`);
      continue;
    }
    for (const change of differences(published, schema)) problems.push(`${key}: ${change}; publish the change as a new version of the product`);
  }
  for (const key of Object.keys(snapshot)) {
    if (key in current) continue;
    const [name, version] = key.split('@v') as [string, string];
    const superseded = catalogue.products.some((p) => p.name === name && p.version > Number(version));
    if (!superseded) problems.push(`${key}: published but gone from the catalogue (a product is replaced by a newer version, not removed)`);
  }
  return problems;
}

function differences(published: PublishedSchema, next: PublishedSchema): string[] {
  const changes: string[] = [];
  if (published.key.join(',') !== next.key.join(',')) changes.push(`key changed from (${published.key.join(', ')}) to (${next.key.join(', ')})`);
  if (published.partitionBy.column !== next.partitionBy.column || published.partitionBy.grain !== next.partitionBy.grain) {
    changes.push(`partitioning changed from ${published.partitionBy.column}/${published.partitionBy.grain} to ${next.partitionBy.column}/${next.partitionBy.grain}`);
  }
  const before = new Map(published.columns.map((c) => [c.name, c]));
  const after = new Map(next.columns.map((c) => [c.name, c]));
  for (const [name, c] of before) {
    const n = after.get(name);
    if (!n) changes.push(`column '${name}' removed`);
    else {
      if (n.type !== c.type) changes.push(`column '${name}' type changed from ${c.type} to ${n.type}`);
      if (n.nullable !== c.nullable) changes.push(`column '${name}' ${n.nullable ? 'became nullable' : 'became required'}`);
      if (n.pseudonymOf !== c.pseudonymOf) changes.push(`column '${name}' pseudonym changed`);
    }
  }
  for (const name of after.keys()) if (!before.has(name)) changes.push(`column '${name}' added`);
  if (changes.length === 0 && published.columns.map((c) => c.name).join() !== next.columns.map((c) => c.name).join()) changes.push('column order changed');
  return changes;
}
