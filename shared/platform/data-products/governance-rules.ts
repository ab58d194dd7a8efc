import { z } from 'zod';
import { PERSONAL_DATA_KEYWORD } from '../messaging/message-definition';
import type { DataProduct } from './data-product-definition';
import { tableColumns, type Column } from './table-columns';

/** The federated governance rules every data product obeys; each violation names its rule. */
export type GovernanceRule = 'owner' | 'schema' | 'freshness' | 'retention' | 'personal-data' | 'names';

export interface GovernanceViolation {
  readonly product: string;
  readonly rule: GovernanceRule;
  readonly detail: string;
}

/** What the rules need to know about the public messages a product consumes: their personal fields. */
export type PersonalFieldsOf = (type: string, version: number) => readonly string[] | undefined;

const PRODUCT_NAME = /^([a-z][a-z0-9]*)\.[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;
const CONTACT = /^[^\s@]+@[^\s@]+$/;

/**
 * Checks one product against the rules: an owner, a schema and a freshness objective; a
 * retention; personal data only as pseudonyms (or dropped), including every personal field of
 * the public messages it consumes; one naming convention. Schema changes without a new version
 * are caught by the schema snapshot (schema-snapshot.ts).
 */
export function governanceViolations(product: DataProduct, personalFieldsOf?: PersonalFieldsOf): GovernanceViolation[] {
  const violations: GovernanceViolation[] = [];
  const fail = (rule: GovernanceRule, detail: string) => violations.push({ product: product.name || '(unnamed)', rule, detail });

  if (!product.owner?.team?.trim()) fail('owner', 'no owning team');
  if (!CONTACT.test(product.owner?.contact ?? '')) fail('owner', 'no contact address (team@example)');
  if (!product.purpose?.trim()) fail('owner', 'no purpose');

  const match = PRODUCT_NAME.exec(product.name ?? '');
  if (!match) fail('names', `product name '${product.name}' is not <context>.<kebab-case-name>`);
  else if (match[1] !== product.context) fail('names', `product name '${product.name}' does not start with its owning context '${product.context}'`);
  if (!SNAKE_CASE.test(product.table ?? '')) fail('names', `table '${product.table}' is not snake_case`);
  if (!Number.isInteger(product.version) || product.version < 1) fail('schema', 'no schema version (a positive integer)');

  const columns = columnsOrFail(product, fail);
  checkColumns(product, columns, fail);
  checkPersonalData(product, columns, personalFieldsOf, fail);

  if (!Number.isInteger(product.freshnessObjectiveSeconds) || product.freshnessObjectiveSeconds < 1) fail('freshness', 'no freshness objective (whole seconds, at least 1)');
  if (!Number.isInteger(product.retentionDays) || product.retentionDays < 1) fail('retention', 'no retention (whole days, at least 1)');

  const queryNames = new Set<string>();
  for (const query of product.queries ?? []) {
    if (!KEBAB_CASE.test(query.name)) fail('names', `query '${query.name}' is not kebab-case`);
    if (queryNames.has(query.name)) fail('names', `query '${query.name}' is declared twice`);
    queryNames.add(query.name);
    for (const parameter of Object.keys(query.parameters.shape)) if (!CAMEL_CASE.test(parameter)) fail('names', `parameter '${parameter}' of query '${query.name}' is not camelCase`);
    for (const [field, schema] of Object.entries(query.row.shape)) {
      if (!CAMEL_CASE.test(field)) fail('names', `result field '${field}' of query '${query.name}' is not camelCase`);
      if (marksPersonalData(schema as z.ZodType)) fail('personal-data', `query '${query.name}' returns the personal field '${field}'`);
    }
  }
  return violations;
}

function columnsOrFail(product: DataProduct, fail: (rule: GovernanceRule, detail: string) => void): Column[] {
  if (!product.schema || Object.keys(product.schema.shape).length === 0) {
    fail('schema', 'no schema (a zod object with at least one column)');
    return [];
  }
  try {
    return tableColumns(product);
  } catch (err) {
    fail('schema', (err as Error).message);
    return [];
  }
}

function checkColumns(product: DataProduct, columns: readonly Column[], fail: (rule: GovernanceRule, detail: string) => void): void {
  if (columns.length === 0) return;
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const c of columns) if (!SNAKE_CASE.test(c.name)) fail('names', `column '${c.name}' is not snake_case`);
  if (!product.key?.length) fail('schema', 'no key columns');
  for (const k of product.key ?? []) {
    const c = byName.get(k);
    if (!c) fail('schema', `key column '${k}' is not in the schema`);
    else if (c.nullable) fail('schema', `key column '${k}' is nullable`);
  }
  const partition = byName.get(product.partitionBy?.column ?? '');
  if (!partition) fail('schema', `partition column '${product.partitionBy?.column}' is not in the schema`);
  else if (partition.type !== 'DATE' || partition.nullable) fail('schema', `partition column '${partition.name}' must be a non-null DATE (z.iso.date())`);
}

function checkPersonalData(
  product: DataProduct,
  columns: readonly Column[],
  personalFieldsOf: PersonalFieldsOf | undefined,
  fail: (rule: GovernanceRule, detail: string) => void,
): void {
  const classification = product.classification ?? {};
  for (const c of columns) {
    const declared = classification[c.name];
    if (!declared) {
      fail('personal-data', `column '${c.name}' has no personal-data classification`);
      continue;
    }
    if (c.personalData) fail('personal-data', `column '${c.name}' holds personal data in clear; pseudonymise it (pseudonym(...)) or drop it`);
    if (declared.personal === 'pseudonymised' && (c.pseudonymOf === undefined || c.type !== 'VARCHAR')) fail('personal-data', `column '${c.name}' is classified pseudonymised but its schema is not a pseudonym(...)`);
    if (declared.personal === 'none' && c.pseudonymOf !== undefined) fail('personal-data', `column '${c.name}' is a pseudonym but classified 'none'`);
  }
  for (const name of Object.keys(classification)) if (!columns.some((c) => c.name === name)) fail('personal-data', `classification names '${name}', which is not a column`);
  for (const d of product.dropped ?? []) if (!d.why?.trim()) fail('personal-data', `dropped field '${d.field}' does not say why`);

  if (product.source?.kind !== 'public-messages' || !personalFieldsOf) return;
  const handled = new Set([
    ...Object.values(classification).flatMap((c) => (c.personal === 'pseudonymised' ? [c.from] : [])),
    ...(product.dropped ?? []).map((d) => d.field),
  ]);
  for (const m of product.source.messages) {
    const personal = personalFieldsOf(m.type, m.version);
    if (personal === undefined) {
      fail('schema', `consumes ${m.type} v${m.version}, which is not in the message catalogue`);
      continue;
    }
    for (const field of personal) if (!handled.has(field)) fail('personal-data', `personal field '${field}' of ${m.type} v${m.version} is neither pseudonymised nor dropped`);
  }
}

function marksPersonalData(schema: z.ZodType): boolean {
  return JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' })).includes(`"${PERSONAL_DATA_KEYWORD}":true`);
}
