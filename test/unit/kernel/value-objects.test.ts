import { describe, expect, it } from 'vitest';
import { EmailAddress } from '../../../shared/domain/kernel/email-address';
import { CustomerId, OrderId } from '../../../shared/domain/kernel/identifiers';
import { PhoneNumber } from '../../../shared/domain/kernel/phone-number';
import { Quantity } from '../../../shared/domain/kernel/quantity';
import { ShippingAddress, ShippingAddressSchema } from '../../../shared/domain/kernel/shipping-address';
import { Sku, SkuSchema } from '../../../shared/domain/kernel/sku';
import { US_STATE_CODES, UsState } from '../../../shared/domain/kernel/us-state';
import { ValidationError } from '../../../shared/domain/kernel/validation-error';

function validationErrorOf(fn: () => unknown): ValidationError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  return caught as ValidationError;
}

describe('Sku', () => {
  it.each(['AB', 'TSHIRT-RED-M', '0-1', 'A'.repeat(32)])('accepts %s', (raw) => {
    expect(Sku.of(raw).value).toBe(raw);
    expect(SkuSchema.safeParse(raw).success).toBe(true);
  });

  it.each(['A', '-AB', 'ab', 'AB_C', 'A'.repeat(33), ''])('refuses %j', (raw) => {
    const err = validationErrorOf(() => Sku.of(raw));
    expect(err).toMatchObject({ code: 'invalid-value', field: 'sku' });
  });

  it('compares by value and serialises as a string', () => {
    expect(Sku.of('MUG').equals(Sku.of('MUG'))).toBe(true);
    expect(Sku.of('MUG').equals(Sku.of('CUP'))).toBe(false);
    expect(JSON.stringify({ sku: Sku.of('MUG') })).toBe('{"sku":"MUG"}');
    expect(Object.isFrozen(Sku.of('MUG'))).toBe(true);
  });
});

describe('Quantity', () => {
  it.each([1, 1000])('accepts %i', (n) => expect(Quantity.of(n).value).toBe(n));
  it.each([0, -1, 1001, 1.5, Number.NaN])('refuses %s', (n) => {
    expect(validationErrorOf(() => Quantity.of(n)).field).toBe('quantity');
  });
});

describe('UsState', () => {
  it('knows the 50 states and DC', () => {
    expect(US_STATE_CODES).toHaveLength(51);
    expect(new Set(US_STATE_CODES).size).toBe(51);
    expect(US_STATE_CODES).toContain('DC');
  });

  it('normalises case and blanks', () => {
    expect(UsState.of(' ca ').value).toBe('CA');
  });

  it.each(['PR', 'XX', 'California', ''])('refuses %j', (raw) => {
    expect(validationErrorOf(() => UsState.of(raw)).field).toBe('state');
  });
});

describe('EmailAddress', () => {
  it('trims and lower-cases', () => {
    expect(EmailAddress.of('  Ada@Example.COM ').value).toBe('ada@example.com');
    expect(EmailAddress.of('ada@example.com').equals(EmailAddress.of('ADA@example.com'))).toBe(true);
  });

  it.each(['ada', 'ada@', '@example.com', 'a b@example.com'])('refuses %j without echoing it', (raw) => {
    const err = validationErrorOf(() => EmailAddress.of(raw));
    expect(err.field).toBe('email');
    expect(JSON.stringify(err.details)).not.toContain(raw);
  });
});

describe('PhoneNumber', () => {
  it('strips formatting to E.164', () => {
    expect(PhoneNumber.of('+1 (415) 555-0100').value).toBe('+14155550100');
    expect(PhoneNumber.of('+44.20.7946.0958').value).toBe('+442079460958');
  });

  it.each(['4155550100', '+0123456789', '+1234', '+1234567890123456', 'call me'])('refuses %j', (raw) => {
    expect(validationErrorOf(() => PhoneNumber.of(raw)).field).toBe('phone');
  });
});

describe('OrderId and CustomerId', () => {
  it('accept safe ids', () => {
    expect(OrderId.of('ord_42-A').value).toBe('ord_42-A');
    expect(CustomerId.of('c'.repeat(64)).value).toHaveLength(64);
  });

  it.each(['', 'a/b', 'a b', 'é', 'x'.repeat(65)])('refuse %j', (raw) => {
    expect(validationErrorOf(() => OrderId.of(raw)).field).toBe('orderId');
    expect(validationErrorOf(() => CustomerId.of(raw)).field).toBe('customerId');
  });

  it('are not equal across kinds even with the same text', () => {
    expect(OrderId.of('x1').equals(CustomerId.of('x1'))).toBe(false);
    expect(OrderId.of('x1').equals(OrderId.of('x1'))).toBe(true);
  });
});

describe('ShippingAddress', () => {
  const data = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };

  it('holds a valid address and serialises it without an absent second line', () => {
    const address = ShippingAddress.of({ ...data, line2: '' });
    expect(address.state.value).toBe('CA');
    expect(address.line2).toBeUndefined();
    expect(JSON.parse(JSON.stringify(address))).toStrictEqual(data);
    expect(ShippingAddress.of({ ...data, zip: '94103-1234', line2: 'Apt 4' }).toJSON()).toStrictEqual({
      ...data,
      zip: '94103-1234',
      line2: 'Apt 4',
    });
    expect(address.equals(ShippingAddress.of(data))).toBe(true);
  });

  it.each([
    [{ zip: '9410' }, 'shippingAddress.zip'],
    [{ zip: '94103-12' }, 'shippingAddress.zip'],
    [{ state: 'ZZ' }, 'shippingAddress.state'],
    [{ name: '   ' }, 'shippingAddress.name'],
    [{ line1: 'x'.repeat(101) }, 'shippingAddress.line1'],
  ])('refuses %j', (change, field) => {
    expect(validationErrorOf(() => ShippingAddress.of({ ...data, ...change })).field).toBe(field);
  });

  it('exposes a zod schema the API can reuse', () => {
    expect(ShippingAddressSchema.safeParse(data).success).toBe(true);
    expect(ShippingAddressSchema.safeParse({ ...data, state: 'HI ' }).success).toBe(false);
  });
});
