import { z } from 'zod';
import { PERSONAL_DATA_KEYWORD, type MessageDefinition } from './message-definition';

export type JsonSchema = { readonly [key: string]: unknown };

/**
 * The payload contract as JSON Schema (draft-07, the dialect AsyncAPI 3 payloads default to),
 * generated from the zod schema the code maps with. Objects allow extra fields (a consumer reads
 * tolerantly), so adding an optional field stays compatible.
 */
export function payloadJsonSchema(definition: MessageDefinition): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(definition.schema, { target: 'draft-7', io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  return schema;
}

/** A standalone JSON Schema document for one message version, with its title and description. */
export function messageSchemaDocument(definition: MessageDefinition, id: string): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: id,
    title: `${definition.type} v${definition.version} payload`,
    description: definition.description,
    ...payloadJsonSchema(definition),
  };
}

/** Paths of the fields marked personal (`a.b`, `lines[].c`), found by walking the JSON Schema. */
export function personalDataPaths(schema: JsonSchema): string[] {
  const paths = new Set<string>();
  const walk = (node: unknown, path: string): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n[PERSONAL_DATA_KEYWORD] === true && path) paths.add(path);
    const properties = n.properties as Record<string, unknown> | undefined;
    if (properties) for (const [key, child] of Object.entries(properties)) walk(child, path ? `${path}.${key}` : key);
    if (n.items) walk(n.items, `${path}[]`);
    for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
      const branches = n[keyword];
      if (Array.isArray(branches)) for (const branch of branches) walk(branch, path);
    }
  };
  walk(schema, '');
  return [...paths].sort();
}
