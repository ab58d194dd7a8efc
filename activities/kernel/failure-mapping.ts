import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { isConcurrencyError, isInvalidEventError } from '../../shared/platform/event-store';
import { isDomainRejection } from '../../shared/domain/kernel/domain-rejection';
import { isProviderRejection, isTransientProviderError } from '../../shared/domain/kernel/provider-errors';
import { isInfrastructureUnavailable } from './infrastructure-failures';
import type { SagaMetrics } from './saga-metrics';

// A refusal is a business outcome, not a fault: benign failures are logged at debug level and
// kept out of error metrics, so operators see real errors.
const BUSINESS_OUTCOME = ApplicationFailureCategory.BENIGN;

/** Longest pause between two tries while the database is away (heartbeats go out at each). */
const MAX_INFRASTRUCTURE_PAUSE_MS = 5_000;

/**
 * Maps errors of a business step to Temporal failures: refusals (domain rules, provider
 * declines, invalid events) are permanent, with the stable code as failure type so the workflow
 * and the API can name the reason; concurrency conflicts and transient provider or network
 * errors stay retryable under the activity's retry policy.
 */
export function toTemporalFailure(err: unknown): unknown {
  if (isDomainRejection(err)) {
    return ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details], nonRetryable: true, category: BUSINESS_OUTCOME });
  }
  if (isProviderRejection(err)) {
    return ApplicationFailure.create({ type: err.code, message: err.message, details: [{ provider: err.provider, ...err.details }], nonRetryable: true, category: BUSINESS_OUTCOME });
  }
  if (isInvalidEventError(err)) {
    return ApplicationFailure.create({ type: 'invalid-event', message: err.message, nonRetryable: true, cause: err });
  }
  if (isTransientProviderError(err)) {
    return ApplicationFailure.create({ type: 'transient-provider-error', message: err.message, nonRetryable: false, cause: err });
  }
  if (isConcurrencyError(err)) {
    return ApplicationFailure.create({ type: 'concurrency-conflict', message: err.message, nonRetryable: false, cause: err });
  }
  return err;
}

/**
 * The one activity interceptor: applies `toTemporalFailure` to whatever an activity throws, and
 * waits out the platform's own database being unavailable inside the attempt (run again with
 * backoff, heartbeating, until it answers or the activity is cancelled), so an outage never uses
 * up a step's business retry budget nor turns into a business rejection. Activities are
 * idempotent (keyed appends, keyed provider calls), so running one again is safe.
 */
class FailureMappingInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly metrics: SagaMetrics | undefined) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    for (let round = 1; ; round++) {
      try {
        return await next(input);
      } catch (err) {
        if (!isInfrastructureUnavailable(err)) throw toTemporalFailure(err);
        await this.waitForInfrastructure(round, err);
      }
    }
  }

  private async waitForInfrastructure(round: number, err: unknown): Promise<void> {
    const context = Context.current();
    const activity = context.info.activityType;
    if (round === 1 || round % 20 === 0) {
      context.log.warn('the platform database is unavailable; the activity waits for it', { activity, round, error: err instanceof Error ? err.message : String(err) });
    }
    this.metrics?.infrastructureWaits.inc({ activity });
    this.metrics?.waitingForInfrastructure.inc();
    try {
      context.heartbeat({ waitingForInfrastructure: round });
      await context.sleep(Math.min(250 * 2 ** round, MAX_INFRASTRUCTURE_PAUSE_MS));
    } finally {
      this.metrics?.waitingForInfrastructure.dec();
    }
  }
}

export function failureMappingInterceptor(metrics?: SagaMetrics): ActivityInterceptorsFactory {
  return () => ({ inbound: new FailureMappingInterceptor(metrics) });
}
