import { z } from 'zod';
import { PERSONAL_DATA_KEYWORD } from '../messaging/message-definition';
import type { DataProduct } from './data-product-definition';
import { PSEUDONYM_KEYWORD } from './data-product-definition';

/** Column types of the analytical port (DuckDB names; Parquet has each of them). */
export type ColumnType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMPTZ';

/** A column of a product's table, derived from its zod schema: what consumers of the port rely on. */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly description?: string;
  /** Set for a pseudonymised column: what its keyed hash stands for. */
  readonly pseudonymOf?: string;
  /** The schema marks it as personal data (never allowed in an output). */
  readonly personalData: boolean;
}

type JsonSchema = Record<string, unknown>;

/** The columns of a product's table, in schema order. Throws on a column type the port cannot hold. */
export function tableColumns(product: Pick<DataProduct, 'name' | 'schema'>): Column[] {
  return Object.entries(product.schema.shape).map(([name, schema]) => column(product.name, name, z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any' }) as JsonSchema));
}

function column(product: string, name: string, json: JsonSchema): Column {
  // A nullable column is `anyOf: [X, {type: null}]`, or `type: [X, "null"]` for a plain type.
  const variants: JsonSchema[] = Array.isArray(json.anyOf)
    ? (json.anyOf as JsonSchema[])
    : Array.isArray(json.type)
      ? (json.type as string[]).map((type) => ({ ...json, type }))
      : [json];
  const nullable = variants.some((v) => v.type === 'null');
  const [value, ...others] = variants.filter((v) => v.type !== 'null');
  if (!value || others.length > 0) throw new TypeError(`${product}.${name}: a column holds one type (optionally nullable)`);
  const description = (json.description ?? value.description) as string | undefined;
  const pseudonymOf = (json[PSEUDONYM_KEYWORD] ?? value[PSEUDONYM_KEYWORD]) as string | undefined;
  return {
    name,
    type: columnType(product, name, value),
    nullable,
    ...(description ? { description } : {}),
    ...(pseudonymOf ? { pseudonymOf } : {}),
    personalData: json[PERSONAL_DATA_KEYWORD] === true || value[PERSONAL_DATA_KEYWORD] === true,
  };
}

function columnType(product: string, name: string, json: JsonSchema): ColumnType {
  if (json.type === 'string' && json.format === 'date') return 'DATE';
  if (json.type === 'string' && json.format === 'date-time') return 'TIMESTAMPTZ';
  if (json.type === 'string') return 'VARCHAR';
  if (json.type === 'integer') return 'BIGINT';
  if (json.type === 'number') return 'DOUBLE';
  if (json.type === 'boolean') return 'BOOLEAN';
  throw new TypeError(`${product}.${name}: no column type for JSON Schema ${JSON.stringify(json)}`);
}

/** `"name"` quoted as a DuckDB identifier (names are checked snake_case, quoting is belt and braces). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
