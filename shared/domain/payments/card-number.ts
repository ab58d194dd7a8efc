import { z } from 'zod';
import { parseValue } from '../kernel/validation-error';

/** Luhn (mod 10) check over a string of digits. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Accepts blanks and dashes between digit groups; keeps the bare digits. */
export const CardNumberSchema = z
  .string()
  .overwrite((s) => s.replace(/[\s-]/g, ''))
  .regex(/^\d{12,19}$/, 'must be 12 to 19 digits')
  .refine(passesLuhn, 'is not a valid card number (Luhn check failed)')
  .meta({ description: 'Payment card number (never stored; only the last 4 digits are)', example: '4242424242424242' });

export const CardLast4Schema = z
  .string()
  .regex(/^\d{4}$/, 'must be 4 digits')
  .meta({ description: 'Last four digits of the card', example: '4242' });

export const PaymentCardSchema = z
  .object({
    number: CardNumberSchema,
    expiryMonth: z.number().int().min(1).max(12),
    expiryYear: z.number().int().min(2000).max(2100),
  })
  .meta({ description: 'Card details for an authorization' });

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'unknown';

/**
 * A Luhn-valid card number. The full number is reachable only through `digits`, for the
 * gateway call; `toJSON` and `toString` mask it so that it cannot slip into an event or a log.
 */
export class CardNumber {
  readonly #digits: string;

  private constructor(digits: string) {
    this.#digits = digits;
    Object.freeze(this);
  }

  static of(raw: string): CardNumber {
    return new CardNumber(parseValue(CardNumberSchema, raw, 'cardNumber'));
  }

  get digits(): string {
    return this.#digits;
  }

  get last4(): string {
    return this.#digits.slice(-4);
  }

  get brand(): CardBrand {
    const d = this.#digits;
    if (d.startsWith('4')) return 'visa';
    if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(d)) return 'mastercard';
    if (/^3[47]/.test(d)) return 'amex';
    if (/^(6011|65)/.test(d)) return 'discover';
    return 'unknown';
  }

  toJSON(): string {
    return this.toString();
  }

  toString(): string {
    return `**** ${this.last4}`;
  }
}
