import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { MongoError, MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { errorCause } from '../../shared/platform/mongo/error-cause';

export type Dependency = 'MongoDB' | 'Temporal';

/** Seconds a client is told to wait before retrying a request refused during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** gRPC codes of a Temporal frontend that is down (UNAVAILABLE 14), did not answer in time (DEADLINE_EXCEEDED 4) or is overloaded (RESOURCE_EXHAUSTED 8). */
const TEMPORAL_UNAVAILABLE: ReadonlySet<number> = new Set([14, 4, 8]);

/**
 * The dependency whose outage caused `err` (the error or any of its causes), or undefined for
 * any other error: MongoDB unreachable (no server selected, a dropped connection, an error the
 * driver labels retryable) or Temporal unreachable (UNAVAILABLE, DEADLINE_EXCEEDED,
 * RESOURCE_EXHAUSTED, an update whose call timed out).
 */
export function dependencyOutage(err: unknown): Dependency | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = errorCause(e), depth++) {
    if (e instanceof MongoServerSelectionError || e instanceof MongoNetworkError) return 'MongoDB';
    if (e instanceof MongoError && (e.hasErrorLabel('RetryableWriteError') || e.hasErrorLabel('ResetPool'))) return 'MongoDB';
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'Temporal';
    if (isGrpcServiceError(e) && TEMPORAL_UNAVAILABLE.has(e.code)) return 'Temporal';
  }
  return undefined;
}
