import { z } from 'zod';
import { checkDayRange, dayRange, defineQuery, PERIODS, periodStart, resolveDayRange } from '../../../platform/data-products/named-query';
import { LeadIdSchema } from '../lead-id';
import { IsoTimestampSchema } from '../iso-timestamp';
import { LEAD_STATUSES } from '../lead/lead-status';

const RANGE = { defaultDays: 90, maxDays: 2 * 366 };
const Rate = z.number().min(0).max(1).nullable();

/** One row per lead: what it reached, how it ended (as of now), from its steps. */
const LEADS = `SELECT lead_id,
    min(lead_created_at) AS created_at,
    bool_or(event_type = 'contacted') AS contacted,
    bool_or(status_after = 'FOLLOWUP_SET') AS followup_set,
    bool_or(status_after = 'PENDING_PAYMENT') AS pending_payment,
    arg_max(status_after, version) AS final_status,
    arg_max(followups_after, version) AS followups
  FROM lead_steps GROUP BY lead_id HAVING bool_or(event_type = 'lead-initialized')`;

const cohortInRange = `CAST(created_at AS DATE) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)`;

export const funnelByCohortWeek = defineQuery({
  name: 'funnel-by-cohort-week',
  description: 'Leads created per week (the cohort) and how many of them reached each step of the funnel so far.',
  parameters: z.object(dayRange(RANGE)).strict().superRefine((p, ctx) => checkDayRange(p, ctx, RANGE)),
  row: z.object({
    cohortWeek: z.iso.date(),
    leads: z.int(),
    contacted: z.int(),
    followupSet: z.int(),
    pendingPayment: z.int(),
    converted: z.int(),
    lost: z.int(),
    conversionRate: Rate,
  }),
  sql: (p) => ({
    text: `WITH leads AS (${LEADS})
      SELECT ${periodStart('week', 'CAST(created_at AS DATE)')} AS cohortWeek,
        CAST(count(*) AS INTEGER) AS leads,
        CAST(count(*) FILTER (WHERE contacted) AS INTEGER) AS contacted,
        CAST(count(*) FILTER (WHERE followup_set) AS INTEGER) AS followupSet,
        CAST(count(*) FILTER (WHERE pending_payment OR final_status = 'CONVERTED') AS INTEGER) AS pendingPayment,
        CAST(count(*) FILTER (WHERE final_status = 'CONVERTED') AS INTEGER) AS converted,
        CAST(count(*) FILTER (WHERE final_status IN ('CLOSED', 'PAYMENT_FAILED')) AS INTEGER) AS lost,
        count(*) FILTER (WHERE final_status = 'CONVERTED') / count(*) AS conversionRate
      FROM leads WHERE ${cohortInRange} GROUP BY ALL ORDER BY cohortWeek`,
    values: { ...resolveDayRange(p, RANGE) },
  }),
});

export const timeToConversion = defineQuery({
  name: 'time-to-conversion',
  description: 'Hours from a lead\'s first contact to its payment confirmation, for leads converted in the range: sample size and percentiles per period.',
  parameters: z
    .object({ ...dayRange(RANGE), groupBy: z.enum(PERIODS).default('month').meta({ description: 'Period of the conversion day' }) })
    .strict()
    .superRefine((p, ctx) => checkDayRange(p, ctx, RANGE)),
  row: z.object({ period: z.iso.date(), sampleSize: z.int(), p50Hours: z.number(), p90Hours: z.number(), p99Hours: z.number() }),
  sql: (p) => ({
    text: `WITH conversions AS (
        SELECT lead_id,
          arg_min(occurred_at, version) FILTER (WHERE event_type = 'contacted') AS first_contact,
          arg_max(occurred_at, version) FILTER (WHERE event_type = 'payment-confirmed') AS converted_at
        FROM lead_steps GROUP BY lead_id),
      sample AS (
        SELECT CAST(converted_at AS DATE) AS day, (epoch_ms(converted_at) - epoch_ms(first_contact)) / 3600000.0 AS hours
        FROM conversions WHERE converted_at IS NOT NULL AND first_contact IS NOT NULL
          AND CAST(converted_at AS DATE) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE))
      SELECT ${periodStart(p.groupBy, 'day')} AS period, CAST(count(*) AS INTEGER) AS sampleSize,
        quantile_cont(hours, 0.5) AS p50Hours, quantile_cont(hours, 0.9) AS p90Hours, quantile_cont(hours, 0.99) AS p99Hours
      FROM sample GROUP BY ALL ORDER BY period`,
    values: { ...resolveDayRange(p, RANGE) },
  }),
});

export const conversionByFollowups = defineQuery({
  name: 'conversion-by-followups',
  description: 'Is it worth following up? Leads created in the range by number of follow-ups set (0, 1, 2, 3+): converted, lost, open, conversion rate.',
  parameters: z.object(dayRange(RANGE)).strict().superRefine((p, ctx) => checkDayRange(p, ctx, RANGE)),
  row: z.object({ followups: z.enum(['0', '1', '2', '3+']), leads: z.int(), converted: z.int(), lost: z.int(), open: z.int(), conversionRate: Rate }),
  sql: (p) => ({
    text: `WITH leads AS (${LEADS}), buckets AS (SELECT unnest(['0', '1', '2', '3+']) AS followups),
      bucketed AS (SELECT CASE WHEN followups >= 3 THEN '3+' ELSE CAST(followups AS VARCHAR) END AS followups, final_status FROM leads WHERE ${cohortInRange})
      SELECT b.followups,
        CAST(count(l.final_status) AS INTEGER) AS leads,
        CAST(count(*) FILTER (WHERE l.final_status = 'CONVERTED') AS INTEGER) AS converted,
        CAST(count(*) FILTER (WHERE l.final_status IN ('CLOSED', 'PAYMENT_FAILED')) AS INTEGER) AS lost,
        CAST(count(*) FILTER (WHERE l.final_status IN ('NEW_LEAD', 'FOLLOWUP_SET', 'PENDING_PAYMENT')) AS INTEGER) AS open,
        CASE WHEN count(l.final_status) = 0 THEN NULL ELSE count(*) FILTER (WHERE l.final_status = 'CONVERTED') / count(l.final_status) END AS conversionRate
      FROM buckets b LEFT JOIN bucketed l USING (followups) GROUP BY b.followups ORDER BY b.followups`,
    values: { ...resolveDayRange(p, RANGE) },
  }),
});

export const LeadJourneyRow = z.object({
    leadId: LeadIdSchema,
    finalStatus: z.enum(LEAD_STATUSES),
    contactCount: z.int(),
    followupCount: z.int(),
    firstContactedAt: z.iso.datetime().nullable(),
    convertedAt: z.iso.datetime().nullable(),
    lostAs: z.enum(['CLOSED', 'PAYMENT_FAILED']).nullable(),
    previousStatus: z.enum(LEAD_STATUSES).nullable(),
    contactsBefore: z.int().nullable(),
  });

/** Each lead's journey as it stood at an instant: the input of the funnel report (GET /analytics/leads). */
export const leadJourneys = defineQuery({
  name: 'lead-journeys',
  description: 'One row per lead as of `asOf` (default: now): final status, contacts, follow-ups, first contact, conversion, and how it was lost.',
  parameters: z.object({ asOf: IsoTimestampSchema.optional().meta({ description: 'The instant (inclusive); default now' }) }).strict(),
  row: LeadJourneyRow,
  sql: (p) => ({
    text: `WITH steps AS (SELECT * FROM lead_steps WHERE CAST($asOf AS TIMESTAMPTZ) IS NULL OR occurred_at <= CAST($asOf AS TIMESTAMPTZ)),
      losses AS (SELECT * FROM steps WHERE status_after IN ('CLOSED', 'PAYMENT_FAILED') AND status_before IS DISTINCT FROM status_after),
      last_loss AS (SELECT lead_id, arg_max(status_after, version) AS lost_as, arg_max(status_before, version) AS previous_status, arg_max(contacts_after, version) AS contacts_before FROM losses GROUP BY lead_id),
      journeys AS (
        SELECT lead_id,
          arg_max(status_after, version) AS final_status,
          arg_max(contacts_after, version) AS contact_count,
          arg_max(followups_after, version) AS followup_count,
          arg_min(occurred_at, version) FILTER (WHERE event_type = 'contacted') AS first_contacted_at,
          arg_max(occurred_at, version) FILTER (WHERE event_type = 'payment-confirmed') AS converted_at
        FROM steps GROUP BY lead_id HAVING bool_or(event_type = 'lead-initialized'))
      SELECT j.lead_id AS leadId, j.final_status AS finalStatus,
        CAST(j.contact_count AS INTEGER) AS contactCount, CAST(j.followup_count AS INTEGER) AS followupCount,
        strftime(j.first_contacted_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS firstContactedAt,
        strftime(j.converted_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS convertedAt,
        CASE WHEN j.final_status IN ('CLOSED', 'PAYMENT_FAILED') THEN l.lost_as END AS lostAs,
        CASE WHEN j.final_status IN ('CLOSED', 'PAYMENT_FAILED') THEN l.previous_status END AS previousStatus,
        CASE WHEN j.final_status IN ('CLOSED', 'PAYMENT_FAILED') THEN CAST(l.contacts_before AS INTEGER) END AS contactsBefore
      FROM journeys j LEFT JOIN last_loss l USING (lead_id) ORDER BY leadId`,
    values: { asOf: p.asOf ?? null },
  }),
});

export const leadFunnelQueries = [funnelByCohortWeek, timeToConversion, conversionByFollowups, leadJourneys];
