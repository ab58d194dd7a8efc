import { ActivityCancellationType, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '@temporalio/common';
import type { OrderFulfilmentActivities } from '../../../activities/ordering/order-fulfilment-activities';
import type { OrderFulfilmentPolicy } from './order-fulfilment-contract';

/** The backoff every saga activity retries on. */
const BACKOFF = { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' } as const;

/**
 * Every saga activity heartbeats while it waits for the platform's own database to return (the
 * activity interceptor retries that inside the attempt, without using the step's budget), so a
 * dead worker is noticed after the heartbeat timeout; start-to-close only bounds a very long wait.
 */
function liveness(workerLostAfter: Duration = '30 seconds'): ActivityOptions {
  return {
    startToCloseTimeout: '1 day',
    heartbeatTimeout: workerLostAfter,
    // A cancelled saga lets a running step finish and undoes it, rather than abandoning it mid-way.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  };
}

/**
 * Forward steps: a provider's transient failures are retried within the business budget, as a
 * number of attempts (time waiting in a task-queue backlog does not count, unlike schedule-to-close).
 */
export function forwardActivities(policy: OrderFulfilmentPolicy) {
  return proxyActivities<OrderFulfilmentActivities>({
    ...liveness(policy.workerLostAfter),
    retry: { ...BACKOFF, maximumAttempts: attemptsWithin(msToNumber(policy.stepRetryBudget)) },
  });
}

/** Compensations, the order's outcome record and the dispatch of a confirmed order: retried until done. */
export function untilDoneActivities(policy: OrderFulfilmentPolicy) {
  return proxyActivities<OrderFulfilmentActivities>({ ...liveness(policy.workerLostAfter), retry: { ...BACKOFF, maximumInterval: '1 minute' } });
}

/** Attempts whose backoff intervals fit in `budgetMs` (at least one). */
export function attemptsWithin(budgetMs: number): number {
  let attempts = 1;
  let waited = 0;
  let interval = msToNumber(BACKOFF.initialInterval);
  const ceiling = msToNumber(BACKOFF.maximumInterval);
  while (waited + interval <= budgetMs) {
    waited += interval;
    attempts += 1;
    interval = Math.min(interval * BACKOFF.backoffCoefficient, ceiling);
  }
  return attempts;
}
