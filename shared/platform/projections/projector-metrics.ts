import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ViewName } from './projection-view';

export interface ProjectorMetrics {
  readonly applied: Counter<'view'>;
  readonly applySeconds: Histogram<'view'>;
  /** Delivery signals of the projector's subscriber at the last check: streams with events not applied yet. */
  readonly backlog: Gauge;
}

/**
 * Prometheus metrics of the projector. `projection_lag_seconds` is computed at scrape time:
 * now minus the timestamp of the last event applied to the view (it grows while nothing
 * happens, so alert on it together with `projection_backlog_streams > 0`).
 */
export function createProjectorMetrics(registry: Registry | undefined, lastEventAt: (view: ViewName) => Date | undefined, views: readonly ViewName[]): ProjectorMetrics {
  const registers = registry ? [registry] : [];
  const reuse = <M>(name: string, make: () => M): M => (registry?.getSingleMetric(name) as M | undefined) ?? make();
  reuse('projection_lag_seconds', () => new Gauge({
    name: 'projection_lag_seconds',
    help: 'Now minus the timestamp of the last event applied to the view',
    labelNames: ['view'],
    registers,
    collect() {
      for (const view of views) {
        const at = lastEventAt(view);
        if (at) this.set({ view }, Math.max(0, Date.now() - at.getTime()) / 1000);
      }
    },
  }));
  return {
    applied: reuse('projection_events_applied_total', () => new Counter({ name: 'projection_events_applied_total', help: 'Events applied to views', labelNames: ['view'], registers })),
    applySeconds: reuse('projection_apply_duration_seconds', () => new Histogram({
      name: 'projection_apply_duration_seconds',
      help: 'Time to apply one event to one view',
      labelNames: ['view'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    })),
    backlog: reuse('projection_backlog_streams', () => new Gauge({ name: 'projection_backlog_streams', help: 'Streams with events waiting for the projector (its delivery signals)', registers })),
  };
}
