import { z } from 'zod';
import { StringValue } from './string-value';
import { parseValue } from './validation-error';

export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

export const SkuSchema = z
  .string()
  .regex(SKU_PATTERN, 'must be 2-32 upper-case letters, digits or dashes, not starting with a dash')
  .meta({ description: 'Stock keeping unit', example: 'TSHIRT-RED-M' });

export class Sku extends StringValue {
  declare private readonly brand: 'Sku';

  private constructor(value: string) {
    super(value);
  }

  static of(raw: string): Sku {
    return new Sku(parseValue(SkuSchema, raw, 'sku'));
  }
}
