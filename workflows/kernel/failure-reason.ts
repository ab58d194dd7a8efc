import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';

/** The business reason of a failed activity: its ApplicationFailure type and message. */
export function failureReason(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return cause.type ? `${cause.type}: ${cause.message}` : cause.message;
  if (cause instanceof TimeoutFailure) return `timed out (${String(cause.timeoutType)})`;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/** The ApplicationFailure type behind a failed activity, if any (e.g. 'card-declined'). */
export function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}
