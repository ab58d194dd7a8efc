import { z } from 'zod';
import { SAFE_ID_PATTERN } from '../kernel/identifiers';
import { StringValue } from '../kernel/string-value';
import { parseValue } from '../kernel/validation-error';

export const LeadIdSchema = z
  .string()
  .regex(SAFE_ID_PATTERN, 'must be 1-64 letters, digits, underscores or dashes')
  .meta({ description: 'Lead identifier', example: '12' });

/** Identity of a sales lead ("12" in the talk). Its stream and workflow id is `lead-<id>`. */
export class LeadId extends StringValue {
  declare private readonly brand: 'LeadId';

  private constructor(value: string) {
    super(value);
  }

  static of(raw: string): LeadId {
    return new LeadId(parseValue(LeadIdSchema, raw, 'leadId'));
  }
}
