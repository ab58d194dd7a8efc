import { describe, expect, it } from 'vitest';
import { DomainRejection } from '../../../shared/domain/kernel/domain-rejection';
import { Money, MoneySchema } from '../../../shared/domain/kernel/money';
import { ValidationError } from '../../../shared/domain/kernel/validation-error';

describe('Money', () => {
  it('adds, multiplies and compares in integer cents', () => {
    const price = Money.ofCents(1999);
    expect(price.multiply(3).amountCents).toBe(5997);
    expect(price.add(Money.ofCents(1)).amountCents).toBe(2000);
    expect(price.compare(Money.ofCents(2000))).toBe(-1);
    expect(price.compare(Money.ofCents(1999))).toBe(0);
    expect(price.compare(Money.zero())).toBe(1);
    expect(price.isGreaterThan(Money.ofCents(1998))).toBe(true);
    expect(price.isLessThan(Money.ofCents(1998))).toBe(false);
    expect(price.equals(Money.ofCents(1999))).toBe(true);
    expect(Money.sum([Money.ofCents(1), Money.ofCents(2), Money.ofCents(3)]).amountCents).toBe(6);
  });

  it('serialises as { amountCents, currency } and reads that back', () => {
    const json = JSON.parse(JSON.stringify(Money.ofCents(1999)));
    expect(json).toEqual({ amountCents: 1999, currency: 'USD' });
    expect(Money.fromJSON(json).equals(Money.ofCents(1999))).toBe(true);
    expect(MoneySchema.parse(json)).toEqual(json);
  });

  it('prints whole units and cents', () => {
    expect(Money.ofCents(1905).toString()).toBe('USD 19.05');
    expect(Money.ofCents(1999).wholeUnits()).toBe(19);
  });

  it.each([-1, 0.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses %s cents', (cents) => {
    expect(() => Money.ofCents(cents)).toThrowError(ValidationError);
  });

  it('refuses other currencies, with a DomainRejection coded invalid-value', () => {
    let caught: unknown;
    try {
      Money.fromJSON({ amountCents: 1, currency: 'EUR' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DomainRejection);
    expect(caught).toMatchObject({ code: 'invalid-value', details: { field: 'money.currency' } });
  });

  it('refuses non-integer or negative factors and overflow', () => {
    expect(() => Money.ofCents(1).multiply(1.5)).toThrowError(ValidationError);
    expect(() => Money.ofCents(1).multiply(-1)).toThrowError(ValidationError);
    expect(() => Money.ofCents(Number.MAX_SAFE_INTEGER).add(Money.ofCents(1))).toThrowError(ValidationError);
  });

  it('is immutable', () => {
    const m = Money.ofCents(5);
    expect(Object.isFrozen(m)).toBe(true);
  });
});
