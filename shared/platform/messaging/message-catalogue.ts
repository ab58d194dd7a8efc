import type { MessageDefinition, MessageKind } from './message-definition';
import { payloadJsonSchema, personalDataPaths } from './message-json-schema';

/** `<context>.<past-tense-kebab-name>` */
export const PUBLIC_MESSAGE_TYPE_PATTERN = /^([a-z]+)\.[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export type VersionStatus = 'current' | 'deprecated' | 'retired';

/** What a subscriber asks for: one public message type at one major version. */
export interface MessageSelection {
  readonly type: string;
  readonly version: number;
}

export type SelectionRefusal = MessageSelection & {
  readonly reason: 'stored-event-type' | 'unknown-type' | 'unknown-version' | 'retired-version';
};

export interface AvailableMessage {
  readonly type: string;
  readonly context: string;
  readonly versions: readonly { readonly version: number; readonly kind: MessageKind; readonly status: VersionStatus; readonly retiresOn?: string }[];
}

export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
}

/**
 * Every public message version the platform publishes, checked against the governance rules
 * when built: names, one definition per (type, version), a schema that JSON Schema can express,
 * no personal data in notifications, a link in every notification, retirement only beside a newer version.
 */
export class MessageCatalogue {
  readonly definitions: readonly MessageDefinition[];
  private readonly byKey = new Map<string, MessageDefinition>();
  private readonly personal = new Map<string, readonly string[]>();

  constructor(definitions: readonly MessageDefinition[]) {
    this.definitions = [...definitions].sort((a, b) => (a.type === b.type ? a.version - b.version : a.type < b.type ? -1 : 1));
    for (const d of this.definitions) {
      const key = selectionKey(d);
      if (this.byKey.has(key)) throw new CatalogueError(`${key} is defined twice`);
      this.byKey.set(key, d);
      this.personal.set(key, check(d));
    }
    for (const d of this.definitions) {
      if (d.retiresOn && !this.definitions.some((o) => o.type === d.type && o.version > d.version)) {
        throw new CatalogueError(`${selectionKey(d)} retires on ${d.retiresOn} but no newer version of ${d.type} is published beside it`);
      }
    }
  }

  find(type: string, version: number): MessageDefinition | undefined {
    return this.byKey.get(selectionKey({ type, version }));
  }

  types(): string[] {
    return [...new Set(this.definitions.map((d) => d.type))];
  }

  versionsOf(type: string): MessageDefinition[] {
    return this.definitions.filter((d) => d.type === type);
  }

  /** Payload paths marked as personal data. */
  personalDataOf(definition: MessageDefinition): readonly string[] {
    return this.personal.get(selectionKey(definition)) ?? [];
  }

  /** Retired once its last day is over (UTC); deprecated while it has a retirement date ahead. */
  status(definition: MessageDefinition, now = new Date()): VersionStatus {
    if (!definition.retiresOn) return 'current';
    return now.toISOString().slice(0, 10) > definition.retiresOn ? 'retired' : 'deprecated';
  }

  /** Every version still published at `now`. */
  published(now = new Date()): MessageDefinition[] {
    return this.definitions.filter((d) => this.status(d, now) !== 'retired');
  }

  available(now = new Date()): AvailableMessage[] {
    return this.types().map((type) => {
      const versions = this.versionsOf(type);
      return {
        type,
        context: (versions[0] as MessageDefinition).context,
        versions: versions.map((d) => ({ version: d.version, kind: d.kind, status: this.status(d, now), ...(d.retiresOn ? { retiresOn: d.retiresOn } : {}) })),
      };
    });
  }

  /** Why each requested (type, version) cannot be subscribed to; empty when all can. */
  refusals(requested: readonly MessageSelection[], storedEventTypes: ReadonlySet<string>, now = new Date()): SelectionRefusal[] {
    const refusals: SelectionRefusal[] = [];
    for (const r of requested) {
      const definition = this.find(r.type, r.version);
      if (definition) {
        if (this.status(definition, now) === 'retired') refusals.push({ ...r, reason: 'retired-version' });
      } else if (this.versionsOf(r.type).length > 0) refusals.push({ ...r, reason: 'unknown-version' });
      else refusals.push({ ...r, reason: storedEventTypes.has(r.type) ? 'stored-event-type' : 'unknown-type' });
    }
    return refusals;
  }
}

export function selectionKey(s: MessageSelection): string {
  return `${s.type}@v${s.version}`;
}

/** The governance rules of one definition; returns its personal-data paths. */
function check(d: MessageDefinition): readonly string[] {
  const key = selectionKey(d);
  const match = PUBLIC_MESSAGE_TYPE_PATTERN.exec(d.type);
  if (!match) throw new CatalogueError(`${key}: a public type is '<context>.<past-tense-kebab-name>'`);
  if (match[1] !== d.context) throw new CatalogueError(`${key}: its type must start with its owning context '${d.context}.'`);
  if (!Number.isInteger(d.version) || d.version < 1) throw new CatalogueError(`${key}: the version must be a positive integer`);
  if (d.derivedFrom.length === 0) throw new CatalogueError(`${key}: names no stored event it is derived from`);
  if (!d.why.trim()) throw new CatalogueError(`${key}: say why it is a ${d.kind}`);
  if (d.retiresOn !== undefined && !(DATE_PATTERN.test(d.retiresOn) && !Number.isNaN(Date.parse(d.retiresOn)))) {
    throw new CatalogueError(`${key}: retiresOn must be a date (YYYY-MM-DD)`);
  }
  let schema;
  try {
    schema = payloadJsonSchema(d);
  } catch (err) {
    throw new CatalogueError(`${key}: its schema has no JSON Schema form (${err instanceof Error ? err.message : String(err)})`);
  }
  const personal = personalDataPaths(schema);
  if (d.kind === 'notification') {
    if (personal.length > 0) throw new CatalogueError(`${key}: a notification carries no personal data (${personal.join(', ')})`);
    const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
    if (properties?.link?.type !== 'string') throw new CatalogueError(`${key}: a notification carries a 'link' to fetch the details`);
  }
  return personal;
}
