import { z } from 'zod';
import { parseValue, ValidationError } from './validation-error';

export const CURRENCIES = ['USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const CurrencySchema = z.enum(CURRENCIES).meta({ description: 'ISO 4217 currency code (USD only for now)' });

/** A non-negative amount in integer cents: the shape money has in payloads and commands. */
export const CentsSchema = z
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .meta({ description: 'Amount in integer cents', example: 1999 });

export const MoneySchema = z
  .object({ amountCents: CentsSchema, currency: CurrencySchema })
  .meta({ description: 'An amount of money in integer cents', example: { amountCents: 1999, currency: 'USD' } });

export type MoneyJSON = z.infer<typeof MoneySchema>;

/** Non-negative money in integer cents; arithmetic never leaves the integers. */
export class Money {
  private constructor(
    readonly amountCents: number,
    readonly currency: Currency,
  ) {
    Object.freeze(this);
  }

  static ofCents(amountCents: number, currency: Currency = 'USD'): Money {
    return Money.fromJSON({ amountCents, currency });
  }

  static zero(currency: Currency = 'USD'): Money {
    return new Money(0, currency);
  }

  static fromJSON(json: unknown): Money {
    const { amountCents, currency } = parseValue(MoneySchema, json, 'money');
    return new Money(amountCents, currency);
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return Money.ofCents(this.amountCents + other.amountCents, this.currency);
  }

  /** Multiplies by a non-negative integer factor (a quantity). */
  multiply(factor: number): Money {
    if (!Number.isSafeInteger(factor) || factor < 0) {
      throw new ValidationError('factor', 'must be a non-negative integer');
    }
    return Money.ofCents(this.amountCents * factor, this.currency);
  }

  /** -1, 0 or 1, like a sort comparator. */
  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.amountCents < other.amountCents ? -1 : this.amountCents > other.amountCents ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amountCents === other.amountCents;
  }

  isGreaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  isLessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  /** Whole currency units, rounded down: 1999 cents -> 19. */
  wholeUnits(): number {
    return Math.floor(this.amountCents / 100);
  }

  toJSON(): MoneyJSON {
    return { amountCents: this.amountCents, currency: this.currency };
  }

  /** "USD 19.99" */
  toString(): string {
    const cents = String(this.amountCents % 100).padStart(2, '0');
    return `${this.currency} ${Math.floor(this.amountCents / 100)}.${cents}`;
  }

  static sum(amounts: readonly Money[], currency: Currency = 'USD'): Money {
    return amounts.reduce((total, m) => total.add(m), Money.zero(currency));
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new ValidationError('currency', `cannot combine ${this.currency} with ${other.currency}`);
    }
  }
}
