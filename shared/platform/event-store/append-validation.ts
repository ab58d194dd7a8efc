import type { AppendOptions, ExpectedVersion } from './append-types';
import { InvalidEventError } from './event-store-errors';
import { assertValidIdentifier, isPlainObject } from './event-validation';

const APPEND_OPTION_FIELDS = new Set(['correlationId', 'causationId', 'idempotencyKey', 'now']);

export function assertValidExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected === 'any' || expected === 'no-stream') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new InvalidEventError(`expected version must be a non-negative integer, 'any' or 'no-stream'; got ${JSON.stringify(expected)}`);
}

export function validateAppendOptions(options: unknown): AppendOptions {
  if (!isPlainObject(options)) throw new InvalidEventError('append options must be an object with at least a correlationId');
  const unknown = Object.keys(options).filter((k) => !APPEND_OPTION_FIELDS.has(k) && options[k] !== undefined);
  if (unknown.length > 0) throw new InvalidEventError(`unknown append option(s): ${unknown.join(', ')}`);
  const { correlationId, causationId, idempotencyKey, now } = options;
  assertValidIdentifier('correlationId', correlationId);
  if (causationId !== undefined) assertValidIdentifier('causationId', causationId);
  if (idempotencyKey !== undefined) assertValidIdentifier('idempotencyKey', idempotencyKey);
  if (now !== undefined && (!(now instanceof Date) || Number.isNaN(now.getTime()))) {
    throw new InvalidEventError('append option now must be a valid Date');
  }
  return {
    correlationId,
    ...(causationId === undefined ? {} : { causationId }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    ...(now === undefined ? {} : { now: now as Date }),
  };
}
