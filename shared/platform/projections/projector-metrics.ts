import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ViewName } from './projection-view';

export interface ProjectorMetrics {
  readonly applied: Counter<'view'>;
  readonly applySeconds: Histogram<'view'>;
  /** Delivery signals of the projector's subscriber at the last check: streams with events not applied yet. */
  readonly backlog: Gauge;
}

/**
 * Prometheus metrics of the projector. `projection_lag_seconds` is computed at scrape time: the
 * age of the oldest commit the relay's last poll found waiting for the projector, 0 when nothing
 * waits (so it does not grow while the platform is idle). Views share one delivery pipeline, so
 * every view shows the same value.
 */
export function createProjectorMetrics(registry: Registry | undefined, lagSeconds: () => number, views: readonly ViewName[]): ProjectorMetrics {
  const registers = registry ? [registry] : [];
  const reuse = <M>(name: string, make: () => M): M => (registry?.getSingleMetric(name) as M | undefined) ?? make();
  reuse('projection_lag_seconds', () => new Gauge({
    name: 'projection_lag_seconds',
    help: 'Age of the oldest commit waiting for the projector at its last poll (0: nothing waits)',
    labelNames: ['view'],
    registers,
    collect() {
      const lag = lagSeconds();
      for (const view of views) this.set({ view }, lag);
    },
  }));
  return {
    applied: reuse('projection_events_applied_total', () => new Counter({ name: 'projection_events_applied_total', help: 'Events applied to views', labelNames: ['view'], registers })),
    applySeconds: reuse('projection_apply_duration_seconds', () => new Histogram({
      name: 'projection_apply_duration_seconds',
      help: 'Time to apply a batch of events to one view (fold in memory and write)',
      labelNames: ['view'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    })),
    backlog: reuse('projection_backlog_streams', () => new Gauge({ name: 'projection_backlog_streams', help: 'Streams with events waiting for the projector (its delivery signals)', registers })),
  };
}
