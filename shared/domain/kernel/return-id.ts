import { z } from 'zod';
import { SAFE_ID_PATTERN } from './identifiers';
import { QuantitySchema } from './quantity';
import { SkuSchema } from './sku';

/**
 * A return of (some of) an order's goods. Every event and public message of a return carries it
 * as its correlation id: the choreography has no coordinator, so this id is what ties the
 * participants' reactions together (the returns view is keyed by it).
 */
export const ReturnIdSchema = z
  .string()
  .regex(SAFE_ID_PATTERN, 'must be 1-64 letters, digits, underscores or dashes')
  .meta({ description: 'Return identifier, also the correlation id of every event and message of the return', example: 'ret_42' });

export const ReturnLineSchema = z
  .object({ sku: SkuSchema, quantity: QuantitySchema })
  .meta({ description: 'Units of one SKU sent back' });

export type ReturnLine = z.infer<typeof ReturnLineSchema>;

/** At most one line per SKU. */
export const ReturnLinesSchema = z
  .array(ReturnLineSchema)
  .min(1, 'a return needs at least one line')
  .max(100)
  .refine((lines) => new Set(lines.map((l) => l.sku)).size === lines.length, 'each SKU may appear on one line only');
