import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import { contractViolations, type ContractSnapshot } from '../../../shared/platform/messaging/contract-snapshot';
import { incompatibilities } from '../../../shared/platform/messaging/schema-compatibility';
import { compatibleCatalogue, incompatibleCatalogue } from './fixtures/changed-order-confirmed';

const committed = JSON.parse(readFileSync(new URL('../../contracts/public-message-schemas.json', import.meta.url), 'utf8')) as ContractSnapshot;

describe('public contracts against the committed snapshot', () => {
  it('every public schema is compatible with what was published (npm run contracts:record records new versions)', () => {
    expect(contractViolations(publicMessageCatalogue, committed)).toEqual([]);
  });

  it('bites: an incompatible change to a published version fails the check', () => {
    const problems = contractViolations(incompatibleCatalogue, committed);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('ordering.order-confirmed@v1 $.total: type changed from object to integer'),
      expect.stringContaining('ordering.order-confirmed@v1 $.shipToState: required field removed'),
      expect.stringContaining('ordering.order-confirmed@v1 $.lines: minItems lowered from 1'),
    ]));
    expect(problems.every((p) => p.startsWith('ordering.order-confirmed@v1'))).toBe(true);
  });

  it('lets a compatible change through, and notices unrecorded and vanished versions', () => {
    expect(contractViolations(compatibleCatalogue, committed)).toEqual([]);
    const { 'payments.payment-authorized@v2': _v2, ...withoutV2 } = committed;
    expect(contractViolations(publicMessageCatalogue, withoutV2)).toEqual([expect.stringContaining('payments.payment-authorized@v2: not in the committed snapshot')]);
    expect(contractViolations(publicMessageCatalogue, { ...committed, 'crm.customer-churned@v1': {} })).toEqual([expect.stringContaining('crm.customer-churned@v1: published but gone')]);
  });
});

describe('schema compatibility rules', () => {
  const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', properties, required });
  const str = { type: 'string' };
  it.each([
    ['a new optional field', object({ a: str }), object({ a: str, b: str }, ['a']), []],
    ['a new required field', object({ a: str }), object({ a: str, b: str }), []],
    ['a narrowed enum', { type: 'string', enum: ['x', 'y'] }, { type: 'string', enum: ['x'] }, []],
    ['an integer where a number was', { type: 'number' }, { type: 'integer' }, []],
    ['a required field made optional', object({ a: str }), object({ a: str }, []), ['required field became optional']],
    ['an optional field removed', object({ a: str }, []), object({}), ['optional field removed (its name may come back with another meaning)']],
    ['an enum value added', { type: 'string', enum: ['x'] }, { type: 'string', enum: ['x', 'y'] }, ['enum gained "y"']],
    ['a field made nullable', object({ a: str }), object({ a: { anyOf: [str, { type: 'null' }] } }), ['accepts a shape the published schema does not (null)']],
    ['a pattern changed', { type: 'string', pattern: '^a' }, { type: 'string', pattern: '^b' }, ['pattern "^a" changed to "^b"']],
    ['a raised maximum', { type: 'integer', maximum: 5 }, { type: 'integer', maximum: 6 }, ['maximum raised from 5']],
  ])('%s', (_name, published, next, expected) => {
    expect(incompatibilities(published, next).map((i) => i.problem)).toEqual(expected);
  });
});
