import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { isConcurrencyError, isInvalidEventError } from '../../shared/platform/event-store';
import { isDomainRejection } from '../../shared/domain/kernel/domain-rejection';
import { isProviderRejection, isTransientProviderError } from '../../shared/domain/kernel/provider-errors';

// A refusal is a business outcome, not a fault: benign failures are logged at debug level and
// kept out of error metrics, so operators see real errors.
const BUSINESS_OUTCOME = ApplicationFailureCategory.BENIGN;

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
 * Applies `toTemporalFailure` to whatever any activity throws: activities throw domain and
 * provider errors as they are, and this one interceptor turns them into Temporal failures.
 */
class FailureMappingInterceptor implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (err) {
      throw toTemporalFailure(err);
    }
  }
}

export const failureMappingInterceptor: ActivityInterceptorsFactory = () => ({ inbound: new FailureMappingInterceptor() });
