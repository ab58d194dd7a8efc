import { z } from 'zod';
import { StringValue } from './string-value';
import { parseValue } from './validation-error';

/** The 50 states and the District of Columbia, as USPS two-letter codes. */
export const US_STATE_CODES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS',
  'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC',
  'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
] as const;

export type UsStateCode = (typeof US_STATE_CODES)[number];

export const UsStateSchema = z
  .enum(US_STATE_CODES)
  .meta({ description: 'US state or DC, USPS two-letter code', example: 'CA' });

export class UsState extends StringValue {
  declare readonly value: UsStateCode;

  private constructor(value: UsStateCode) {
    super(value);
  }

  /** Accepts lower case and surrounding blanks ("ca " -> CA). */
  static of(raw: string): UsState {
    const normalised = typeof raw === 'string' ? raw.trim().toUpperCase() : raw;
    return new UsState(parseValue(UsStateSchema, normalised, 'state'));
  }
}
