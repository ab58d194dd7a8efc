import { sleep } from '../lib/backoff';

export interface ConsistentRead<T> {
  readonly value: T | null;
  /** Version of the source stream the value reflects (0: nothing yet). */
  readonly version: number;
  /** False when `minVersion` was not reached within the time allowed. */
  readonly consistent: boolean;
}

/**
 * Read-your-writes on an eventually consistent view: reads until the value reflects at least
 * `minVersion` of its stream, or `timeoutMs` has passed. There are no change streams on
 * FerretDB, so it polls (an exact-`_id` read each time).
 */
export async function readAtLeast<T>(
  read: () => Promise<T | null>,
  versionOf: (value: T) => number,
  minVersion: number | undefined,
  timeoutMs: number,
  pollMs = 50,
): Promise<ConsistentRead<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    const version = value === null ? 0 : versionOf(value);
    if (minVersion === undefined || version >= minVersion) return { value, version, consistent: true };
    if (Date.now() >= deadline) return { value, version, consistent: false };
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
  }
}
