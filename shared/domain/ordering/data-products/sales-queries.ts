import { z } from 'zod';
import { checkDayRange, dayRange, defineQuery, PERIODS, periodStart, resolveDayRange } from '../../../platform/data-products/named-query';
import { UsStateSchema } from '../../kernel/us-state';

const RANGE = { defaultDays: 90, maxDays: 3 * 366 };
const Period = z.enum(PERIODS).default('day').meta({ description: 'Size of one period: day, week (from Monday) or month' });
const Amount = z.number().int();

const salesInRange = `cancelled_at IS NULL AND confirmed_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)`;

/** The talk's sales by state, per day, week or month. */
export const salesByState = defineQuery({
  name: 'sales-by-state',
  description: 'Confirmed sales (net of cancellations) per period and US state: orders and amount in cents.',
  parameters: z
    .object({ ...dayRange(RANGE), groupBy: Period, state: UsStateSchema.optional().meta({ description: 'Only this state' }) })
    .strict()
    .superRefine((p, ctx) => checkDayRange(p, ctx, RANGE)),
  row: z.object({ period: z.iso.date(), state: UsStateSchema, orders: z.int(), amountCents: Amount }),
  sql: (p) => ({
    text: `SELECT ${periodStart(p.groupBy, 'confirmed_on')} AS period, ship_to_state AS state,
             CAST(count(*) AS INTEGER) AS orders, CAST(sum(total_cents) AS DOUBLE) AS amountCents
           FROM sales
           WHERE ${salesInRange} AND (CAST($state AS VARCHAR) IS NULL OR ship_to_state = CAST($state AS VARCHAR))
           GROUP BY ALL ORDER BY period, state`,
    values: { ...resolveDayRange(p, RANGE), state: p.state ?? null },
  }),
});

export const averageOrderValue = defineQuery({
  name: 'average-order-value',
  description: 'Average value of a confirmed order per period (all states), with the order count and the total.',
  parameters: z
    .object({ ...dayRange(RANGE), groupBy: Period })
    .strict()
    .superRefine((p, ctx) => checkDayRange(p, ctx, RANGE)),
  row: z.object({ period: z.iso.date(), orders: z.int(), amountCents: Amount, averageCents: z.number() }),
  sql: (p) => ({
    text: `SELECT ${periodStart(p.groupBy, 'confirmed_on')} AS period, CAST(count(*) AS INTEGER) AS orders,
             CAST(sum(total_cents) AS DOUBLE) AS amountCents, round(avg(total_cents), 2) AS averageCents
           FROM sales WHERE ${salesInRange} GROUP BY ALL ORDER BY period`,
    values: { ...resolveDayRange(p, RANGE) },
  }),
});

const CHANGE_RANGE = { defaultDays: 7, maxDays: 366 };

/** "What changed since last week": each state's sales in a window against the window of the same length before it. */
export const salesChangeByState = defineQuery({
  name: 'sales-change-by-state',
  description: 'Per state: sales from `from` to `to` (default: the last 7 days) against the same number of days just before, and the change.',
  parameters: z
    .object(dayRange(CHANGE_RANGE))
    .strict()
    .superRefine((p, ctx) => checkDayRange(p, ctx, CHANGE_RANGE)),
  row: z.object({
    state: UsStateSchema,
    orders: z.int(),
    amountCents: Amount,
    previousOrders: z.int(),
    previousAmountCents: Amount,
    changeCents: Amount,
  }),
  sql: (p) => ({
    text: `WITH bounds AS (SELECT CAST($from AS DATE) AS first, CAST($to AS DATE) AS last),
           windows AS (SELECT first, last, first - CAST(last - first + 1 AS INTEGER) AS previous_first FROM bounds),
           tagged AS (
             SELECT ship_to_state, total_cents, confirmed_on >= first AS current
             FROM sales, windows
             WHERE cancelled_at IS NULL AND confirmed_on BETWEEN previous_first AND last)
           SELECT ship_to_state AS state,
             CAST(count(*) FILTER (WHERE current) AS INTEGER) AS orders,
             CAST(coalesce(sum(total_cents) FILTER (WHERE current), 0) AS DOUBLE) AS amountCents,
             CAST(count(*) FILTER (WHERE NOT current) AS INTEGER) AS previousOrders,
             CAST(coalesce(sum(total_cents) FILTER (WHERE NOT current), 0) AS DOUBLE) AS previousAmountCents,
             CAST(coalesce(sum(total_cents) FILTER (WHERE current), 0) - coalesce(sum(total_cents) FILTER (WHERE NOT current), 0) AS DOUBLE) AS changeCents
           FROM tagged GROUP BY ALL ORDER BY state`,
    values: { ...resolveDayRange(p, CHANGE_RANGE) },
  }),
});

export const salesQueries = [salesByState, averageOrderValue, salesChangeByState];
