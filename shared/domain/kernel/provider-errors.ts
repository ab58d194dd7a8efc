/**
 * Failures of external systems behind a port (payment gateway, carrier). Activities map
 * them to Temporal failures: a ProviderRejection is permanent (non-retryable, type = code),
 * a TransientProviderError is worth retrying with backoff.
 */
export type Provider = 'payment-gateway' | 'carrier';

export class ProviderRejection extends Error {
  override readonly name = 'ProviderRejection';
  readonly retryable = false;
  constructor(
    readonly provider: Provider,
    /** Stable kebab-case, e.g. 'card-declined', 'insufficient-funds', 'address-not-serviceable'. */
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export class TransientProviderError extends Error {
  override readonly name = 'TransientProviderError';
  readonly retryable = true;
  constructor(
    readonly provider: Provider,
    message: string,
  ) {
    super(message);
  }
}

export function isProviderRejection(err: unknown): err is ProviderRejection {
  return err instanceof ProviderRejection;
}

export function isTransientProviderError(err: unknown): err is TransientProviderError {
  return err instanceof TransientProviderError;
}
