import { BSON } from 'mongodb';
import { EVENT_TYPE_PATTERN } from './event-envelope';
import { InvalidEventError } from './event-store-errors';

/** An event as a caller hands it to `append`: what a decider produced, optionally with its own id. */
export interface NewEvent {
  readonly type: string;
  readonly payload: object;
  readonly schemaVersion?: number;
  /** Supply a deterministic id (e.g. from a workflow); a random UUID otherwise. */
  readonly eventId?: string;
}

export interface EventLimits {
  /** Largest stored envelope of one event, in BSON bytes. */
  readonly maxEventBytes: number;
  /** Largest commit (all events of one append), in BSON bytes. */
  readonly maxCommitBytes: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { maxEventBytes: 256 * 1024, maxCommitBytes: 4 * 1024 * 1024 };

/**
 * Stream ids become parts of `_id` values ("<streamId>@<version>", "<streamId>|<key>"), so
 * '@' and '|' are excluded, and a leading '$' (operator-like) is impossible.
 */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,199}$/;

const NEW_EVENT_FIELDS = new Set(['type', 'payload', 'schemaVersion', 'eventId']);
const MAX_DEPTH = 64;
const MAX_ID_LENGTH = 200;

export function assertValidStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_ID_PATTERN.test(streamId)) {
    throw new InvalidEventError(
      `invalid stream id ${JSON.stringify(streamId)}: must match ${String(STREAM_ID_PATTERN)} (letters, digits, '_', ':', '.', '-'; starts with a letter or digit)`,
    );
  }
}

export function assertValidIdentifier(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw new InvalidEventError(`${what} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
}

/** Checks a batch of new events and returns deep copies safe to store (undefined properties dropped). */
export function validateNewEvents(events: unknown): NewEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError('an append needs at least one event');
  }
  return events.map((event: unknown, index) => validateNewEvent(event, index));
}

function validateNewEvent(event: unknown, index: number): NewEvent {
  const where = `event #${index}`;
  if (!isPlainObject(event)) throw new InvalidEventError(`${where}: must be an object with type and payload`);
  const unknown = Object.keys(event).filter((k) => !NEW_EVENT_FIELDS.has(k));
  if (unknown.length > 0) {
    throw new InvalidEventError(`${where}: unknown envelope field(s) ${unknown.map((k) => `'${k}'`).join(', ')}; allowed: ${[...NEW_EVENT_FIELDS].join(', ')}`);
  }
  const { type, payload, schemaVersion, eventId } = event;
  if (typeof type !== 'string' || !EVENT_TYPE_PATTERN.test(type)) {
    throw new InvalidEventError(`${where}: event type ${JSON.stringify(type)} is not past-tense kebab-case (e.g. 'order-placed')`);
  }
  const label = `${where} ('${type}')`;
  if (!isPlainObject(payload)) throw new InvalidEventError(`${label}: payload must be a plain object`);
  if (schemaVersion !== undefined && (!Number.isInteger(schemaVersion) || (schemaVersion as number) < 1)) {
    throw new InvalidEventError(`${label}: schemaVersion must be a positive integer`);
  }
  if (eventId !== undefined) assertValidIdentifier(`${label}: eventId`, eventId);
  const copy = sanitizeValue(payload, 'payload', label, 0) as object;
  return {
    type,
    payload: copy,
    ...(schemaVersion === undefined ? {} : { schemaVersion: schemaVersion as number }),
    ...(eventId === undefined ? {} : { eventId }),
  };
}

/**
 * Deep copy of a payload value restricted to what every MongoDB-wire server stores unchanged:
 * JSON-like values plus Date; no keys starting with '$' or containing '.', no arrays directly
 * inside arrays (FerretDB 1.x refuses them), no NaN/Infinity, no class instances.
 */
export function sanitizeValue(value: unknown, path: string, label: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new InvalidEventError(`${label}: ${path} is nested deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidEventError(`${label}: ${path} is ${value}; only finite numbers can be stored`);
    return value;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidEventError(`${label}: ${path} is an invalid Date`);
    return new Date(value.getTime());
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown, i) => {
      const itemPath = `${path}[${i}]`;
      if (Array.isArray(item)) throw new InvalidEventError(`${label}: ${itemPath} is an array directly inside an array; wrap it in an object`);
      if (item === undefined) throw new InvalidEventError(`${label}: ${itemPath} is undefined; use null`);
      return sanitizeValue(item, itemPath, label, depth + 1);
    });
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      assertValidKey(key, `${path}.${key}`, label);
      if (item === undefined) continue;
      out[key] = sanitizeValue(item, `${path}.${key}`, label, depth + 1);
    }
    return out;
  }
  const kind = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  throw new InvalidEventError(`${label}: ${path} has unsupported type ${kind}; use plain objects, arrays, strings, finite numbers, booleans, null or Date`);
}

function assertValidKey(key: string, path: string, label: string): void {
  if (key.startsWith('$')) throw new InvalidEventError(`${label}: key '${key}' at ${path} starts with '$' (reserved for MongoDB operators)`);
  if (key.includes('.')) throw new InvalidEventError(`${label}: key '${key}' at ${path} contains '.' (MongoDB reads it as a path)`);
  if (key.includes('\0')) throw new InvalidEventError(`${label}: key at ${path} contains a NUL character`);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Refuses a commit whose events (as stored envelopes) are too large. */
export function assertWithinLimits(envelopes: readonly object[], limits: EventLimits): void {
  let total = 0;
  envelopes.forEach((envelope, index) => {
    const size = BSON.calculateObjectSize(envelope as BSON.Document);
    if (size > limits.maxEventBytes) {
      throw new InvalidEventError(`event #${index} is ${size} bytes; the limit is ${limits.maxEventBytes} bytes per event (store large content elsewhere and pass a claim ticket)`);
    }
    total += size;
  });
  if (total > limits.maxCommitBytes) {
    throw new InvalidEventError(`the append is ${total} bytes; the limit is ${limits.maxCommitBytes} bytes per append`);
  }
}
