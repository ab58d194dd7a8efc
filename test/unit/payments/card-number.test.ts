import { describe, expect, it } from 'vitest';
import { CardNumber, passesLuhn } from '../../../shared/domain/payments/card-number';
import { ValidationError } from '../../../shared/domain/kernel/validation-error';

describe('CardNumber', () => {
  it.each(['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117'])('accepts %s', (n) => {
    expect(passesLuhn(n)).toBe(true);
    expect(CardNumber.of(n).digits).toBe(n);
  });

  it('accepts blanks and dashes between groups', () => {
    expect(CardNumber.of('4242 4242-4242 4242').digits).toBe('4242424242424242');
  });

  it.each(['4242424242424241', '1234', 'abcd', '42424242424242424242'])('refuses %s', (n) => {
    expect(() => CardNumber.of(n)).toThrowError(ValidationError);
  });

  it('knows the brand', () => {
    expect(CardNumber.of('4242424242424242').brand).toBe('visa');
    expect(CardNumber.of('5555555555554444').brand).toBe('mastercard');
    expect(CardNumber.of('378282246310005').brand).toBe('amex');
    expect(CardNumber.of('6011111111111117').brand).toBe('discover');
  });

  it('never shows the full number when serialised or printed', () => {
    const card = CardNumber.of('4242424242424242');
    expect(card.last4).toBe('4242');
    expect(JSON.stringify({ card })).toBe('{"card":"**** 4242"}');
    expect(`${card}`).toBe('**** 4242');
    expect(Object.keys(card)).toEqual([]);
  });
});
