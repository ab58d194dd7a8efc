import { fileURLToPath } from 'node:url';
import type { InjectedSinks } from '@temporalio/worker';
import type { SagaMetrics, SagaMetricsSinks } from '../../activities/kernel/saga-metrics';

/** The workflow interceptors every bundle of the platform's workflows includes (a pre-built bundle too). */
export const WORKFLOW_INTERCEPTOR_MODULES = [fileURLToPath(new URL('../../workflows/kernel/saga-metrics-interceptors.ts', import.meta.url))];

/** The worker's side of the workflows' `sagaMetrics` sink: Prometheus counters, never called on replay. */
export function sagaMetricsSinks(metrics: SagaMetrics): InjectedSinks<SagaMetricsSinks> {
  return {
    sagaMetrics: {
      started: { fn: (_info, workflow) => { metrics.sagasStarted.inc({ workflow }); } },
      finished: { fn: (_info, workflow, outcome) => { metrics.sagasFinished.inc({ workflow, outcome }); } },
    },
  };
}
