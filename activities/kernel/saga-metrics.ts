import { Counter, Gauge, Registry } from 'prom-client';
import type { Sinks } from '@temporalio/workflow';

/**
 * Prometheus metrics of the saga activities, served by the worker on WORKER_HEALTH_PORT
 * (`/metrics`). One set per process: activities and the activity interceptor share it.
 */
export interface SagaMetrics {
  readonly registry: Registry;
  /** Compensations that failed for good, by saga step (alert: an operator must retry them). */
  readonly compensationFailures: Counter<'step'>;
  /** Activity attempts that found the platform's own database unavailable and waited for it (alert when it keeps rising). */
  readonly infrastructureWaits: Counter<'activity'>;
  /** Activities waiting for the database right now. */
  readonly waitingForInfrastructure: Gauge;
  /** 1 while the worker's database connection answers, 0 while it does not. */
  readonly databaseUp: Gauge;
  /** Workflow runs started on this worker, by workflow type (counted once, not on replay). */
  readonly sagasStarted: Counter<'workflow'>;
  /** Workflow runs ended on this worker, by workflow type and outcome (the run's final status, lower case: completed, compensated, rejected, cancelled, compensation_failed, ...; failed when it threw). */
  readonly sagasFinished: Counter<'workflow' | 'outcome'>;
}

/** What the workflows' metrics interceptor reports through a sink (sinks are not called on replay). */
export interface SagaMetricsSinks extends Sinks {
  sagaMetrics: {
    started(workflow: string): void;
    finished(workflow: string, outcome: string): void;
  };
}

export function createSagaMetrics(registry = new Registry()): SagaMetrics {
  const registers = [registry];
  return {
    registry,
    compensationFailures: new Counter({ name: 'saga_compensation_failures_total', help: 'Saga compensations that failed for good and wait for an operator', labelNames: ['step'], registers }),
    infrastructureWaits: new Counter({ name: 'saga_infrastructure_waits_total', help: "Activity attempts that found the platform's database unavailable and waited for it", labelNames: ['activity'], registers }),
    waitingForInfrastructure: new Gauge({ name: 'saga_activities_waiting_for_infrastructure', help: "Activities waiting for the platform's database to return", registers }),
    databaseUp: new Gauge({ name: 'saga_worker_database_up', help: "1 while the worker's database connection answers, else 0", registers }),
    sagasStarted: new Counter({ name: 'saga_started_total', help: 'Saga and process-manager runs started, by workflow type', labelNames: ['workflow'], registers }),
    sagasFinished: new Counter({ name: 'saga_finished_total', help: 'Saga and process-manager runs ended, by workflow type and outcome (completed, compensated, rejected, cancelled, compensation_failed, failed, ...)', labelNames: ['workflow', 'outcome'], registers }),
  };
}
