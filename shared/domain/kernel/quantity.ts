import { z } from 'zod';
import { parseValue } from './validation-error';

export const MAX_QUANTITY = 1000;

export const QuantitySchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_QUANTITY)
  .meta({ description: `Number of units, 1 to ${MAX_QUANTITY}`, example: 2 });

/** How many units of one SKU an order line asks for or a reservation holds. */
export class Quantity {
  private constructor(readonly value: number) {
    Object.freeze(this);
  }

  static of(raw: number): Quantity {
    return new Quantity(parseValue(QuantitySchema, raw, 'quantity'));
  }

  equals(other: Quantity): boolean {
    return other.value === this.value;
  }

  toJSON(): number {
    return this.value;
  }

  toString(): string {
    return String(this.value);
  }
}
