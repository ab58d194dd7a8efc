import { z } from 'zod';
import { parseValue } from './validation-error';

/** Free text a person or a process gives for a decision: a cancellation reason, a reviewer's note. */
export const ReasonSchema = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(500)
  .meta({ description: 'Why this happened, in words', example: 'customer changed their mind' });

/** Who did something: a user id, an email or a system name. */
export const ActorSchema = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(100)
  .meta({ description: 'Who acted (user id, email or system name)', example: 'reviewer@example.com' });

export const parseReason = (raw: string, field = 'reason'): string => parseValue(ReasonSchema, raw, field);
export const parseActor = (raw: string, field: string): string => parseValue(ActorSchema, raw, field);
