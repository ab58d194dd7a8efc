// Workflow interceptors (bundled with the workflows, see shared/app/saga-worker.ts): report each
// run's start and outcome through the `sagaMetrics` sink, which the worker turns into Prometheus
// counters. Sinks are not called while replaying, so a run is counted once; they add no command.
import { CancelledFailure, ContinueAsNew, proxySinks, workflowInfo, type WorkflowInterceptors, type WorkflowInboundCallsInterceptor } from '@temporalio/workflow';
import type { SagaMetricsSinks } from '../../activities/kernel/saga-metrics';

const { sagaMetrics } = proxySinks<SagaMetricsSinks>();

/** The run's final status when it returns its state (`{ status: 'COMPENSATED', ... }`), else `completed`. */
function outcomeOf(result: unknown): string {
  const status = typeof result === 'object' && result !== null ? (result as { status?: unknown }).status : undefined;
  return typeof status === 'string' && /^[A-Za-z_]{1,40}$/.test(status) ? status.toLowerCase() : 'completed';
}

class SagaMetricsInbound implements WorkflowInboundCallsInterceptor {
  async execute(input: Parameters<NonNullable<WorkflowInboundCallsInterceptor['execute']>>[0], next: Parameters<NonNullable<WorkflowInboundCallsInterceptor['execute']>>[1]): Promise<unknown> {
    const { workflowType, continuedFromExecutionRunId } = workflowInfo();
    if (continuedFromExecutionRunId === undefined) sagaMetrics.started(workflowType);
    try {
      const result = await next(input);
      sagaMetrics.finished(workflowType, outcomeOf(result));
      return result;
    } catch (err) {
      if (!(err instanceof ContinueAsNew)) sagaMetrics.finished(workflowType, err instanceof CancelledFailure ? 'cancelled' : 'failed');
      throw err;
    }
  }
}

export const interceptors = (): WorkflowInterceptors => ({ inbound: [new SagaMetricsInbound()] });
