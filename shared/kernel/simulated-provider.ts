import { ProviderRejection, TransientProviderError, type Provider } from './provider-errors';
import { randomInt, type LatencyRange, type Random, type Sleep } from './simulation';

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProviderRejection };

/**
 * What an in-memory provider simulator remembers about one operation's idempotency keys:
 * the first definitive outcome per key (a result or a ProviderRejection; transient errors
 * are not remembered, as with real providers) and how many attempts each key has seen.
 */
export class IdempotencyRecord<T> {
  private readonly outcomes = new Map<string, { readonly fingerprint: string; readonly outcome: Outcome<T> }>();
  private readonly attemptCounts = new Map<string, number>();

  constructor(private readonly provider: Provider) {}

  /** Counts one more attempt with this key; returns its number, 1 for the first. */
  countAttempt(key: string): number {
    const n = (this.attemptCounts.get(key) ?? 0) + 1;
    this.attemptCounts.set(key, n);
    return n;
  }

  attempts(key: string): number {
    return this.attemptCounts.get(key) ?? 0;
  }

  /** The outcome first recorded for this key, replayed (returned or thrown); undefined if none. */
  replay(key: string, fingerprint: string): { readonly value: T } | undefined {
    const entry = this.outcomes.get(key);
    if (entry === undefined) return undefined;
    if (entry.fingerprint !== fingerprint) {
      throw new ProviderRejection(this.provider, 'idempotency-key-reused', 'This idempotency key was used for a different request', {
        idempotencyKey: key,
      });
    }
    if (!entry.outcome.ok) throw entry.outcome.error;
    return { value: entry.outcome.value };
  }

  /** Runs `operation`, remembering its result or ProviderRejection; other errors pass through unremembered. */
  record(key: string, fingerprint: string, operation: () => T): T {
    try {
      const value = operation();
      this.outcomes.set(key, { fingerprint, outcome: { ok: true, value } });
      return value;
    } catch (err) {
      if (err instanceof ProviderRejection) this.outcomes.set(key, { fingerprint, outcome: { ok: false, error: err } });
      throw err;
    }
  }
}

export interface SimulatedCallOptions {
  readonly provider: Provider;
  readonly random: Random;
  readonly sleep: Sleep;
  /** Probability in [0, 1] that a call fails transiently: half before, half after the provider acted. */
  readonly transientFailureRate: number;
}

/**
 * One call to a simulated provider: wait the latency, replay a known key, maybe fail
 * transiently (possibly after acting, like a lost response), else act and remember.
 */
export async function simulateCall<T>(
  options: SimulatedCallOptions,
  record: IdempotencyRecord<T>,
  key: string,
  request: object,
  latencyMs: number,
  operation: (attempt: number) => T,
): Promise<T> {
  if (key.length === 0 || key.length > 255) {
    throw new ProviderRejection(options.provider, 'invalid-idempotency-key', 'An idempotency key of 1 to 255 characters is required');
  }
  await options.sleep(latencyMs);
  const attempt = record.countAttempt(key);
  const fingerprint = JSON.stringify(request);
  const replayed = record.replay(key, fingerprint);
  if (replayed) return replayed.value;
  const fault = options.random() < options.transientFailureRate;
  const lostResponse = fault && options.random() < 0.5;
  if (fault && !lostResponse) {
    throw new TransientProviderError(options.provider, 'Simulated outage: the request did not reach the provider');
  }
  const value = record.record(key, fingerprint, () => operation(attempt));
  if (lostResponse) {
    throw new TransientProviderError(options.provider, 'Simulated outage: the provider acted but the response was lost');
  }
  return value;
}

export function pickLatency(random: Random, range: LatencyRange): number {
  return randomInt(random, range.minMs, range.maxMs);
}
