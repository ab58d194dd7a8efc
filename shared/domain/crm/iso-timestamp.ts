import { z } from 'zod';
import { parseValue } from '../kernel/validation-error';

/**
 * An ISO-8601 instant with Z or a ±hh:mm offset, normalised to UTC with milliseconds
 * (`Date.prototype.toISOString`), so stored timestamps compare alike as strings and as instants.
 */
export const IsoTimestampSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 timestamp with Z or an offset' })
  .transform((v) => new Date(v).toISOString())
  .meta({ description: 'ISO-8601 timestamp', example: '2020-05-27T12:00:00.000Z' });

export function toIsoTimestamp(raw: string, field: string): string {
  return parseValue(IsoTimestampSchema, raw, field);
}

export function epochMillis(isoTimestamp: string): number {
  return Date.parse(isoTimestamp);
}
