import { z } from 'zod';
import { checkDayRange, dayRange, defineQuery, PERIODS, periodStart, resolveDayRange } from '../../../platform/data-products/named-query';
import { SkuSchema } from '../../kernel/sku';

const RANGE = { defaultDays: 30, maxDays: 400 };
const Period = z.enum(PERIODS).default('day').meta({ description: 'Size of one period: day, week (from Monday) or month' });
const inRange = `occurred_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)`;
const units = (movement: string) => `CAST(coalesce(sum(quantity) FILTER (WHERE movement = '${movement}'), 0) AS INTEGER)`;

export const movementsBySku = defineQuery({
  name: 'movements-by-sku',
  description: 'Units received, reserved, released and shipped (committed) per period and SKU, and the net change on hand.',
  parameters: z
    .object({ ...dayRange(RANGE), groupBy: Period, sku: SkuSchema.optional().meta({ description: 'Only this SKU' }) })
    .strict()
    .superRefine((p, ctx) => checkDayRange(p, ctx, RANGE)),
  row: z.object({ period: z.iso.date(), sku: SkuSchema, received: z.int(), reserved: z.int(), released: z.int(), committed: z.int(), onHandChange: z.int() }),
  sql: (p) => ({
    text: `SELECT ${periodStart(p.groupBy, 'occurred_on')} AS period, sku,
        ${units('received')} AS received, ${units('reserved')} AS reserved, ${units('released')} AS released, ${units('committed')} AS committed,
        CAST(sum(on_hand_change) AS INTEGER) AS onHandChange
      FROM stock_movements WHERE ${inRange} AND (CAST($sku AS VARCHAR) IS NULL OR sku = CAST($sku AS VARCHAR))
      GROUP BY ALL ORDER BY period, sku`,
    values: { ...resolveDayRange(p, RANGE), sku: p.sku ?? null },
  }),
});

export const reservationFailures = defineQuery({
  name: 'reservation-failures',
  description: 'Reservations refused for lack of stock per period and SKU: how often and how many units were asked for (demand that could not be served).',
  parameters: z.object({ ...dayRange(RANGE), groupBy: Period }).strict().superRefine((p, ctx) => checkDayRange(p, ctx, RANGE)),
  row: z.object({ period: z.iso.date(), sku: SkuSchema, failures: z.int(), unitsRequested: z.int() }),
  sql: (p) => ({
    text: `SELECT ${periodStart(p.groupBy, 'occurred_on')} AS period, sku, CAST(count(*) AS INTEGER) AS failures, CAST(sum(quantity) AS INTEGER) AS unitsRequested
      FROM stock_movements WHERE movement = 'reservation-failed' AND ${inRange} GROUP BY ALL ORDER BY period, sku`,
    values: { ...resolveDayRange(p, RANGE) },
  }),
});

export const stockMovementQueries = [movementsBySku, reservationFailures];
