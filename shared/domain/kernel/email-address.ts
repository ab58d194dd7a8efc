import { z } from 'zod';
import { StringValue } from './string-value';
import { parseValue } from './validation-error';

export const EmailAddressSchema = z
  .email()
  .max(254)
  .meta({ description: 'Email address (personal data)', example: 'ada@example.com' });

export class EmailAddress extends StringValue {
  declare private readonly brand: 'EmailAddress';

  private constructor(value: string) {
    super(value);
  }

  /** Trims and lower-cases, so that equal addresses compare equal. */
  static of(raw: string): EmailAddress {
    const normalised = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
    return new EmailAddress(parseValue(EmailAddressSchema, normalised, 'email'));
  }
}
