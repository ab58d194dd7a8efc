import type { z } from 'zod';
import { DomainRejection } from './domain-rejection';

/**
 * A value that failed validation while building a value object or checking a command.
 * It is a DomainRejection with the stable code 'invalid-value', so every layer that already
 * maps DomainRejection (non-retryable activity failure, HTTP 4xx problem) handles it too;
 * `instanceof ValidationError` tells it apart when that matters. The offending value is
 * deliberately not copied into `details`: it may be personal data (email, phone, address).
 */
export class ValidationError extends DomainRejection {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('invalid-value', `Invalid ${field}: ${reason}`, { field, reason });
  }
}

export function isValidationError(err: unknown): err is ValidationError {
  return err instanceof ValidationError;
}

/** Parses `raw` with `schema` or throws a ValidationError naming `field` and the first issue. */
export function parseValue<T>(schema: z.ZodType<T>, raw: unknown, field: string): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? `${field}.${issue.path.join('.')}` : field;
  throw new ValidationError(path, issue?.message ?? 'invalid value');
}
