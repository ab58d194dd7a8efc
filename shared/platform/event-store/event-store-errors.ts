/**
 * An append named an expected stream version that is no longer (or not yet) the head.
 * Nothing was written. The API maps it to HTTP 409; a caller may reload and retry.
 */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number | 'any' | 'no-stream',
    /** The stream head when the conflict was detected, when known. */
    readonly actualVersion?: number,
  ) {
    super(
      `stream '${streamId}': expected version ${String(expectedVersion)}` +
        (actualVersion === undefined ? ', but another append got there first' : `, but the stream is at version ${actualVersion}`),
    );
  }
}

/** Refused input (bad stream id, event type, envelope field, payload key, size...). Nothing was written. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(message: string) {
    super(message);
  }
}

export function isConcurrencyError(err: unknown): err is ConcurrencyError {
  return err instanceof ConcurrencyError;
}

export function isInvalidEventError(err: unknown): err is InvalidEventError {
  return err instanceof InvalidEventError;
}
