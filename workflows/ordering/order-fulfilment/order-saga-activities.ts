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
 * A worker lost mid-step (its heartbeats stop) costs Temporal one attempt of that step; the budget
 * leaves room for this many, so that the platform's own trouble does not use up the provider's
 * share. (A step whose last attempt is lost this way runs again: see OrderSaga.)
 */
export const LOST_WORKER_ALLOWANCE = 2;

/**
 * Forward steps: a provider's transient failures are retried within the business budget, as a
 * number of attempts (time waiting in a task-queue backlog does not count, unlike schedule-to-close;
 * an outage of the database is waited out inside an attempt and counts nothing).
 */
export function forwardActivities(policy: OrderFulfilmentPolicy) {
  return proxyActivities<OrderFulfilmentActivities>({
    ...liveness(policy.workerLostAfter),
    retry: { ...BACKOFF, maximumAttempts: attemptsWithin(msToNumber(policy.stepRetryBudget)) + LOST_WORKER_ALLOWANCE },
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
