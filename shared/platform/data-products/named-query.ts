import { z } from 'zod';

/** A value bound to a query parameter (`$name` in the SQL); never spliced into the text. */
export type QueryValue = string | number | boolean | null;

export interface QueryStatement {
  /** SQL over the product's table (named by its `table`), with `$name` placeholders only. */
  readonly text: string;
  readonly values: Readonly<Record<string, QueryValue>>;
}

/**
 * A question the product answers over HTTP (`GET /data-products/{name}/queries/{query}`): validated
 * parameters in, rows of a declared shape out. The SQL is the product's own; a request only ever
 * chooses among its parameters, so no free SQL reaches the engine and no column outside `row` leaves.
 */
export interface NamedQuery<P extends z.ZodObject = z.ZodObject, R extends z.ZodObject = z.ZodObject> {
  /** kebab-case, unique within the product. */
  readonly name: string;
  readonly description: string;
  /** Query-string parameters (strings, coerced here); a strict object, so an unknown parameter is refused. */
  readonly parameters: P;
  /** One result row. */
  readonly row: R;
  readonly sql: (parameters: z.output<P>) => QueryStatement;
}

export function defineQuery<P extends z.ZodObject, R extends z.ZodObject>(query: NamedQuery<P, R>): NamedQuery {
  return query as unknown as NamedQuery;
}

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

/** The SQL for the start of the period a DATE column falls in; `period` comes from a validated enum. */
export function periodStart(period: Period, column: string): string {
  const expression = { day: column, week: `date_trunc('week', ${column})`, month: `date_trunc('month', ${column})` }[period];
  return `strftime(${expression}, '%Y-%m-%d')`;
}

const DAY_MS = 86_400_000;
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * `from` and `to` (inclusive days, `YYYY-MM-DD`): by default the last `defaultDays` days to today (UTC);
 * `to` before `from`, or a span longer than `maxDays`, is refused on the field that is wrong.
 */
export function dayRange(options: { readonly defaultDays: number; readonly maxDays: number }) {
  return {
    from: z.iso.date().optional().meta({ description: `First day (YYYY-MM-DD, UTC); default: ${options.defaultDays - 1} days before \`to\`` }),
    to: z.iso.date().optional().meta({ description: 'Last day, inclusive (YYYY-MM-DD, UTC); default: today' }),
  };
}

export interface DayRange {
  readonly from: string;
  readonly to: string;
}

type DayRangeInput = { readonly from?: string | undefined; readonly to?: string | undefined };

/** The range `dayRange` parameters name, with their defaults resolved. */
export function resolveDayRange(value: DayRangeInput, options: { readonly defaultDays: number }, now = new Date()): DayRange {
  const to = value.to ?? isoDay(now);
  return { from: value.from ?? isoDay(new Date(Date.parse(to) - (options.defaultDays - 1) * DAY_MS)), to };
}

/** Refuses `to` before `from` and spans longer than `maxDays`, on the field that is wrong (use in `.superRefine`). */
export function checkDayRange(value: DayRangeInput, context: z.RefinementCtx, options: { readonly defaultDays: number; readonly maxDays: number }): void {
  // A value that is not a day already has its own issue from the field's schema (zod runs refinements regardless).
  if ([value.from, value.to].some((day) => day !== undefined && Number.isNaN(Date.parse(day)))) return;
  const { from, to } = resolveDayRange(value, options);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1) context.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${from})` });
  else if (days > options.maxDays) context.addIssue({ code: 'custom', path: ['from'], message: `the range may span at most ${options.maxDays} days (it spans ${days})` });
}
