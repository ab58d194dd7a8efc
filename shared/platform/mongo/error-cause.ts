import { MongoBulkWriteError } from 'mongodb';

/**
 * The error behind `e`: its cause, or for a bulk write the driver's error response (an
 * `insertMany` whose connection dropped or whose pool was cleared carries the network error there).
 */
export function errorCause(e: Error): unknown {
  return e.cause ?? (e instanceof MongoBulkWriteError ? e.errorResponse : undefined);
}
