import { describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/kernel/validation-error';
import { EVENT_TYPE_PATTERN } from '../../../shared/platform/event-store/event-envelope';
import { epochMillis, toIsoTimestamp } from '../../../shared/domain/crm/iso-timestamp';
import { LeadId } from '../../../shared/domain/crm/lead-id';
import { PersonName } from '../../../shared/domain/crm/person-name';
import { FOLLOWUP_DUE, LEAD_EVENT_TYPES, type LeadEventType } from '../../../shared/domain/crm/lead/lead-events';
import { LEAD_REJECTION } from '../../../shared/domain/crm/lead/lead-rejections';
import { LEAD_STATUSES } from '../../../shared/domain/crm/lead/lead-status';
import { leadStreamId } from '../../../shared/domain/crm/lead/lead-stream';

describe('LeadId', () => {
  it.each(['12', '01b18d56-b79a-4873-ac99-3d9f767dbe61', 'L_7'])('accepts %s', (raw) => {
    expect(LeadId.of(raw).value).toBe(raw);
  });

  it('compares by value and serialises as the bare id; the stream is lead-<id>', () => {
    const id = LeadId.of('12');
    expect(id.equals(LeadId.of('12'))).toBe(true);
    expect(id.equals(LeadId.of('13'))).toBe(false);
    expect(JSON.stringify({ id })).toBe('{"id":"12"}');
    expect(Object.isFrozen(id)).toBe(true);
    expect(leadStreamId(id.value)).toBe('lead-12');
  });

  it.each(['', ' 12', 'lead 12', 'a/b', 'x'.repeat(65)])('refuses %j', (raw) => {
    expect(() => LeadId.of(raw)).toThrow(ValidationError);
  });
});

describe('PersonName', () => {
  it('accepts and trims first and last names, compared by value', () => {
    const name = PersonName.of({ firstName: ' Casey ', lastName: "O'Brien-Davis" });
    expect(name.firstName).toBe('Casey');
    expect(name.lastName).toBe("O'Brien-Davis");
    expect(name.equals(PersonName.of({ firstName: 'Casey', lastName: "O'Brien-Davis" }))).toBe(true);
    expect(name.equals(PersonName.of({ firstName: 'Casey', lastName: 'Davis' }))).toBe(false);
    expect(JSON.parse(JSON.stringify(name))).toStrictEqual({ firstName: 'Casey', lastName: "O'Brien-Davis" });
    expect(Object.isFrozen(name)).toBe(true);
    expect(PersonName.of({ firstName: 'Zoë', lastName: 'Ærø' }).toString()).toBe('Zoë Ærø');
  });

  it.each([
    ['', 'Davis', 'name.firstName'],
    ['Casey', '  ', 'name.lastName'],
    ['C4sey', 'Davis', 'name.firstName'],
    ['Casey', '-Davis', 'name.lastName'],
    ['Casey', 'D'.repeat(101), 'name.lastName'],
  ])('refuses %j %j naming the field, without copying the value (personal data)', (firstName, lastName, field) => {
    let caught: unknown;
    try {
      PersonName.of({ firstName, lastName });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).field).toBe(field);
    expect(JSON.stringify((caught as ValidationError).details)).not.toContain('C4sey');
  });
});

describe('ISO timestamps', () => {
  it('normalise to UTC with milliseconds', () => {
    expect(toIsoTimestamp('2020-05-20T09:52:55.95Z', 'now')).toBe('2020-05-20T09:52:55.950Z');
    expect(toIsoTimestamp('2020-05-20T11:52:55+02:00', 'now')).toBe('2020-05-20T09:52:55.000Z');
    expect(epochMillis('1970-01-01T00:00:01.000Z')).toBe(1000);
  });

  it.each(['2020-05-20', '2020-05-20T09:52:55', '20/05/2020', ''])('refuse %j', (raw) => {
    expect(() => toIsoTimestamp(raw, 'now')).toThrow('Invalid now');
  });
});

describe('Lead vocabulary', () => {
  it('has past-tense kebab-case event types, followup-due among them', () => {
    expectTypeOf<(typeof LEAD_EVENT_TYPES)[number]>().toEqualTypeOf<LeadEventType>();
    expect(new Set(LEAD_EVENT_TYPES).size).toBe(9);
    for (const type of LEAD_EVENT_TYPES) expect(type).toMatch(EVENT_TYPE_PATTERN);
    expect(LEAD_EVENT_TYPES).toContain(FOLLOWUP_DUE);
    expect(FOLLOWUP_DUE).toBe('followup-due');
  });

  it("has the talk's statuses", () => {
    expect(LEAD_STATUSES).toStrictEqual([
      'NEW_LEAD',
      'FOLLOWUP_SET',
      'PENDING_PAYMENT',
      'CONVERTED',
      'PAYMENT_FAILED',
      'CLOSED',
    ]);
  });

  it('has distinct kebab-case rejection codes that are not event type names', () => {
    const codes = Object.values(LEAD_REJECTION);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(EVENT_TYPE_PATTERN);
      expect(LEAD_EVENT_TYPES as readonly string[]).not.toContain(code);
    }
  });
});
