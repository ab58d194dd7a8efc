import { z } from 'zod';
import { StringValue } from './string-value';
import { parseValue } from './validation-error';

/** E.164: a plus, a country code not starting with 0, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** Accepts common formatting ("+1 (415) 555-0100") and stores the bare E.164 form. */
export const PhoneNumberSchema = z
  .string()
  .overwrite((s) => s.replace(/[\s().-]/g, ''))
  .regex(E164_PATTERN, 'must be in international E.164 form, e.g. +14155550100')
  .meta({ description: 'Phone number in E.164 form (personal data)', example: '+14155550100' });

export class PhoneNumber extends StringValue {
  declare private readonly brand: 'PhoneNumber';

  private constructor(value: string) {
    super(value);
  }

  static of(raw: string): PhoneNumber {
    return new PhoneNumber(parseValue(PhoneNumberSchema, raw, 'phone'));
  }
}
