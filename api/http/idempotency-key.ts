import type { Request } from 'express';
import { z } from 'zod';
import { problems } from './problem';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** The header as the OpenAPI document declares it on the operations that read it. */
export const IdempotencyKeyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .regex(IDEMPOTENCY_KEY)
    .optional()
    .describe(
      'A key of your choosing (8-100 letters, digits, _ or -) that makes a retry the same command: repeated with the same key, after a ' +
        'success, a lost answer or a 503 during an outage, it takes effect at most once. Use a new key for each new command.',
    ),
});

/** The request's `Idempotency-Key` header, if any; 400 when it is not 8-100 letters, digits, _ or -. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw problems.validation([{ location: 'header', path: 'Idempotency-Key', message: 'must be 8-100 letters, digits, _ or -' }]);
  }
  return key;
}
