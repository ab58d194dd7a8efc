import type { Request } from 'express';
import { problems } from './problem';

/** The request's `Idempotency-Key` header, if any; 400 when it is not 8-100 letters, digits, _ or -. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
    throw problems.validation([{ location: 'header', path: 'Idempotency-Key', message: 'must be 8-100 letters, digits, _ or -' }]);
  }
  return key;
}
