import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics of the relay; several relays in one process share them (same registry). */
export interface RelayMetrics {
  readonly delivered: Counter<'subscriber'>;
  readonly failures: Counter<'subscriber'>;
  readonly deadLettered: Counter<'subscriber'>;
  /** Seconds from commit to delivery, per delivered event. */
  readonly lag: Histogram<'subscriber'>;
  /** Age of the oldest due item of the last poll, per kind ('commit' pointer or 'delivery' signal). */
  readonly oldestDue: Gauge<'kind'>;
  /** Due items seen by the last poll (at most the batch size). */
  readonly due: Gauge<'kind'>;
}

export function createRelayMetrics(registry?: Registry): RelayMetrics {
  const registers = registry ? [registry] : [];
  const reuse = <M>(name: string, make: () => M): M => (registry?.getSingleMetric(name) as M | undefined) ?? make();
  return {
    delivered: reuse('outbox_messages_delivered_total', () => new Counter({ name: 'outbox_messages_delivered_total', help: 'Events delivered to subscribers', labelNames: ['subscriber'], registers })),
    failures: reuse('outbox_delivery_failures_total', () => new Counter({ name: 'outbox_delivery_failures_total', help: 'Failed delivery attempts', labelNames: ['subscriber'], registers })),
    deadLettered: reuse('outbox_dead_letters_total', () => new Counter({ name: 'outbox_dead_letters_total', help: 'Events moved to the dead letters', labelNames: ['subscriber'], registers })),
    lag: reuse('outbox_delivery_lag_seconds', () => new Histogram({
      name: 'outbox_delivery_lag_seconds',
      help: 'Seconds from commit to delivery',
      labelNames: ['subscriber'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    })),
    oldestDue: reuse('outbox_oldest_due_seconds', () => new Gauge({ name: 'outbox_oldest_due_seconds', help: 'Age of the oldest due outbox item at the last poll', labelNames: ['kind'], registers })),
    due: reuse('outbox_due_items', () => new Gauge({ name: 'outbox_due_items', help: 'Due outbox items seen by the last poll (capped by the batch size)', labelNames: ['kind'], registers })),
  };
}
