import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../shared/platform/event-store/event-store-errors';
import { assertValidStreamId, assertWithinLimits, validateNewEvents } from '../../../shared/platform/event-store/event-validation';
import { assertValidExpectedVersion, validateAppendOptions } from '../../../shared/platform/event-store/append-validation';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidEventError);
    return (err as Error).message;
  }
  throw new Error('expected an InvalidEventError');
};

describe('stream id', () => {
  it.each(['order-42', 'stock:SKU-1', 'lead_7', 'a.b', 'A'])('accepts %s', (id) => {
    expect(() => assertValidStreamId(id)).not.toThrow();
  });
  it.each(['$where', '', '-x', 'a@1', 'a|b', 'a b', 'a/b', 'x'.repeat(201), 'a$b'])('refuses %j', (id) => {
    expect(refusal(() => assertValidStreamId(id))).toContain('invalid stream id');
  });
});

describe('new events', () => {
  it('refuses an empty list', () => {
    expect(refusal(() => validateNewEvents([]))).toBe('an append needs at least one event');
  });

  it('refuses a type that is not kebab-case', () => {
    expect(refusal(() => validateNewEvents([{ type: 'OrderPlaced', payload: {} }]))).toContain('not past-tense kebab-case');
  });

  it('refuses unknown envelope fields and names them', () => {
    const message = refusal(() => validateNewEvents([{ type: 'order-placed', payload: {}, version: 3, streamId: 'x' }]));
    expect(message).toContain("'version'");
    expect(message).toContain("'streamId'");
  });

  it.each([
    [{ 'a.b': 1 }, "contains '.'"],
    [{ $set: { x: 1 } }, "starts with '$'"],
    [{ nested: { deeper: { $inc: 1 } } }, 'payload.nested.deeper.$inc'],
    [{ matrix: [[1, 2]] }, 'array directly inside an array'],
    [{ n: Number.NaN }, 'only finite numbers'],
    [{ m: new Map() }, 'unsupported type Map'],
    [{ f: () => 1 }, 'unsupported type function'],
    [{ list: [1, undefined] }, 'is undefined'],
  ])('refuses payload %o', (payload, expected) => {
    expect(refusal(() => validateNewEvents([{ type: 'order-placed', payload }]))).toContain(expected);
  });

  it('refuses a payload that is not a plain object', () => {
    expect(refusal(() => validateNewEvents([{ type: 'order-placed', payload: [1] }]))).toContain('payload must be a plain object');
  });

  it('copies payloads deeply, keeps dates and drops undefined properties', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const payload = { items: [{ sku: 'A', qty: 1 }], at, note: undefined, 'dash-key': true };
    const [event] = validateNewEvents([{ type: 'order-placed', payload, schemaVersion: 2 }]);
    expect(event).toEqual({ type: 'order-placed', payload: { items: [{ sku: 'A', qty: 1 }], at, 'dash-key': true }, schemaVersion: 2 });
    expect(Object.keys(event?.payload ?? {})).not.toContain('note');
    payload.items[0]!.qty = 5;
    expect((event?.payload as { items: { qty: number }[] }).items[0]?.qty).toBe(1);
  });

  it('refuses a bad schema version', () => {
    expect(refusal(() => validateNewEvents([{ type: 'order-placed', payload: {}, schemaVersion: 0 }]))).toContain('schemaVersion');
  });
});

describe('size limits', () => {
  it('refuses one event over the per-event limit', () => {
    const envelope = { payload: { blob: 'x'.repeat(2_000) } };
    expect(refusal(() => assertWithinLimits([envelope], { maxEventBytes: 1_000, maxCommitBytes: 10_000 }))).toContain('per event');
  });
  it('refuses a commit over the per-commit limit', () => {
    const envelope = { payload: { blob: 'x'.repeat(600) } };
    expect(refusal(() => assertWithinLimits([envelope, envelope], { maxEventBytes: 1_000, maxCommitBytes: 1_000 }))).toContain('per append');
  });
  it('accepts events within the limits', () => {
    expect(() => assertWithinLimits([{ payload: { a: 1 } }], { maxEventBytes: 1_000, maxCommitBytes: 1_000 })).not.toThrow();
  });
});

describe('append arguments', () => {
  it.each([-1, 1.5, '3', null])('refuses expected version %j', (v) => {
    expect(refusal(() => assertValidExpectedVersion(v))).toContain('expected version');
  });
  it.each([0, 7, 'any', 'no-stream'])('accepts expected version %j', (v) => {
    expect(() => assertValidExpectedVersion(v)).not.toThrow();
  });
  it('needs a correlation id and refuses unknown options', () => {
    expect(refusal(() => validateAppendOptions({}))).toContain('correlationId');
    expect(refusal(() => validateAppendOptions({ correlationId: 'c', expected: 1 }))).toContain('unknown append option');
    expect(validateAppendOptions({ correlationId: 'c', idempotencyKey: 'k' })).toEqual({ correlationId: 'c', idempotencyKey: 'k' });
  });
});
