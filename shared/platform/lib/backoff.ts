export interface BackoffPolicy {
  /** Ceiling of the first retry's delay (ms). */
  readonly baseMs: number;
  /** Largest delay ever (ms). */
  readonly maxMs: number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base * 2^(attempt-1))].
 * `attempt` counts failures so far (1 after the first). Full jitter spreads retries of many
 * failing deliveries (or conflicting writers) so they do not hit the target in lockstep.
 */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
