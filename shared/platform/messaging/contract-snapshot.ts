import type { MessageCatalogue } from './message-catalogue';
import { selectionKey } from './message-catalogue';
import { payloadJsonSchema, type JsonSchema } from './message-json-schema';
import { incompatibilities } from './schema-compatibility';

/** The published payload schemas, by `<type>@v<version>`: what consumers were promised. */
export type ContractSnapshot = Readonly<Record<string, JsonSchema>>;

/** The catalogue's schemas as a snapshot (keys sorted, so the committed file diffs cleanly). */
export function contractSnapshot(catalogue: MessageCatalogue): ContractSnapshot {
  const entries = catalogue.definitions.map((d) => [selectionKey(d), payloadJsonSchema(d)] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * What breaks the published contracts: a published version whose schema now accepts messages
 * its consumers cannot read (publish a new version beside it instead), a published version
 * that disappeared, or a version that was never recorded (so later changes could not be checked).
 */
export function contractViolations(catalogue: MessageCatalogue, snapshot: ContractSnapshot): string[] {
  const current = contractSnapshot(catalogue);
  const problems: string[] = [];
  for (const [key, schema] of Object.entries(current)) {
    const published = snapshot[key];
    if (!published) {
      problems.push(`${key}: not in the committed snapshot; record it (npm run contracts:record)`);
      continue;
    }
    for (const i of incompatibilities(published, schema)) problems.push(`${key} ${i.path}: ${i.problem}; publish it as a new version instead`);
  }
  for (const key of Object.keys(snapshot)) {
    if (!(key in current)) problems.push(`${key}: published but gone from the catalogue; retire it with a date first, then record the snapshot after that date`);
  }
  return problems;
}
