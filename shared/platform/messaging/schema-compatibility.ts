import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from './message-json-schema';

export interface Incompatibility {
  /** JSON path in the payload (`$.lines[].sku`). */
  readonly path: string;
  readonly problem: string;
}

/** Keywords that document a schema without changing which messages it accepts. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', 'default', 'deprecated', '$schema', '$id', '$comment']);
const HANDLED = new Set([
  'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'oneOf',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'format',
]);
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const;

type Node = Record<string, unknown>;

/**
 * Whether a consumer built on the `published` schema can still read every message the `next`
 * schema allows (next accepts no more than published): fields it relies on stay, keep their type
 * and stay required; enums and ranges may narrow, never widen; new fields are fine (readers are
 * tolerant, the schemas allow extra properties). Covers the JSON Schema that zod generates; any
 * other keyword that differs counts as incompatible, so the check errs on the safe side.
 */
export function incompatibilities(published: JsonSchema, next: JsonSchema, path = '$'): Incompatibility[] {
  const out: Incompatibility[] = [];
  const p = published as Node;
  const n = next as Node;
  const say = (problem: string, at = path) => out.push({ path: at, problem });

  const pBranches = branches(p);
  const nBranches = branches(n);
  if (pBranches || nBranches) {
    for (const branch of nBranches ?? [n]) {
      const fits = (pBranches ?? [p]).some((candidate) => incompatibilities(candidate, branch, path).length === 0);
      if (!fits) say(`accepts a shape the published schema does not (${describe(branch)})`);
    }
    return out;
  }

  const pTypes = types(p);
  const nTypes = types(n);
  if (pTypes) {
    if (!nTypes) say(`type widened from ${pTypes.join('|')} to any`);
    else {
      const widened = nTypes.filter((t) => !pTypes.includes(t) && !(t === 'integer' && pTypes.includes('number')));
      if (widened.length) say(`type changed from ${pTypes.join('|')} to ${nTypes.join('|')}`);
    }
  }
  if (Array.isArray(p.enum)) {
    if (!Array.isArray(n.enum) && !('const' in n)) say(`enum [${p.enum.join(', ')}] dropped`);
    const values = Array.isArray(n.enum) ? n.enum : 'const' in n ? [n.const] : [];
    const added = values.filter((v) => !(p.enum as unknown[]).some((e) => isDeepStrictEqual(e, v)));
    if (added.length) say(`enum gained ${added.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  if ('const' in p && !('const' in n && isDeepStrictEqual(p.const, n.const))) say(`const ${JSON.stringify(p.const)} changed`);
  for (const k of LOWER_BOUNDS) if (typeof p[k] === 'number' && !(typeof n[k] === 'number' && n[k] >= p[k])) say(`${k} lowered from ${p[k]}`);
  for (const k of UPPER_BOUNDS) if (typeof p[k] === 'number' && !(typeof n[k] === 'number' && n[k] <= p[k])) say(`${k} raised from ${p[k]}`);
  for (const k of ['pattern', 'format'] as const) if (p[k] !== undefined && p[k] !== n[k]) say(`${k} ${JSON.stringify(p[k])} changed to ${JSON.stringify(n[k])}`);

  const pProps = (p.properties ?? {}) as Record<string, JsonSchema>;
  const nProps = (n.properties ?? {}) as Record<string, JsonSchema>;
  const pRequired = new Set((p.required ?? []) as string[]);
  const nRequired = new Set((n.required ?? []) as string[]);
  for (const [key, schema] of Object.entries(pProps)) {
    const at = `${path}.${key}`;
    if (!(key in nProps)) say(pRequired.has(key) ? 'required field removed' : 'optional field removed (its name may come back with another meaning)', at);
    else {
      if (pRequired.has(key) && !nRequired.has(key)) say('required field became optional', at);
      out.push(...incompatibilities(schema, nProps[key] as JsonSchema, at));
    }
  }
  if (p.additionalProperties === false) {
    for (const key of Object.keys(nProps)) if (!(key in pProps)) say('field added where the published schema allows none', `${path}.${key}`);
  }
  if (p.items !== undefined) {
    if (n.items === undefined) say('array items widened to any');
    else out.push(...incompatibilities(p.items as JsonSchema, n.items as JsonSchema, `${path}[]`));
  }
  for (const key of new Set([...Object.keys(p), ...Object.keys(n)])) {
    if (HANDLED.has(key) || ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    if (!isDeepStrictEqual(p[key], n[key])) say(`'${key}' changed`);
  }
  return out;
}

function branches(node: Node): Node[] | undefined {
  const list = node.anyOf ?? node.oneOf;
  return Array.isArray(list) ? (list as Node[]) : undefined;
}

function types(node: Node): string[] | undefined {
  if (typeof node.type === 'string') return [node.type];
  return Array.isArray(node.type) ? (node.type as string[]) : undefined;
}

function describe(node: Node): string {
  return types(node)?.join('|') ?? ('const' in node ? JSON.stringify(node.const) : 'schema');
}
