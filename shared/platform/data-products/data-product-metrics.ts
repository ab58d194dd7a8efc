import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataProduct } from './data-product-definition';
import { freshness } from './freshness';
import type { PortStatus } from './port-layout';

/**
 * `data_product_*` metrics, computed when scraped from each product's latest status, so a
 * product whose worker stopped refreshing shows its growing lag (alert on
 * `data_product_freshness_objective_met == 0`).
 */
export function registerDataProductMetrics(registry: Registry, products: readonly DataProduct[], statusOf: (product: string) => PortStatus | undefined): { rebuilds: Counter; repairs: Counter } {
  const reuse = <M>(name: string, make: () => M): M => (registry.getSingleMetric(name) as M | undefined) ?? make();
  const each = (gauge: Gauge, value: (product: DataProduct, status: PortStatus | undefined) => number | null) => {
    gauge.reset();
    for (const p of products) {
      const v = value(p, statusOf(p.name));
      if (v !== null) gauge.set({ product: p.name }, v);
    }
  };
  const registers = [registry];
  reuse('data_product_freshness_lag_seconds', () => new Gauge({
    name: 'data_product_freshness_lag_seconds', help: 'How far the product\'s output port trails the event store', labelNames: ['product'], registers,
    collect() { each(this, (p, s) => freshness(p, s).lagSeconds); },
  }));
  reuse('data_product_freshness_objective_seconds', () => new Gauge({
    name: 'data_product_freshness_objective_seconds', help: 'The product\'s freshness objective', labelNames: ['product'], registers,
    collect() { each(this, (p) => p.freshnessObjectiveSeconds); },
  }));
  reuse('data_product_freshness_objective_met', () => new Gauge({
    name: 'data_product_freshness_objective_met', help: '1 while the port is within its freshness objective, else 0', labelNames: ['product'], registers,
    collect() { each(this, (p, s) => (freshness(p, s).objectiveMet ? 1 : 0)); },
  }));
  reuse('data_product_rows', () => new Gauge({
    name: 'data_product_rows', help: 'Rows in the product\'s output port', labelNames: ['product'], registers,
    collect() { each(this, (_p, s) => s?.rows ?? null); },
  }));
  reuse('data_product_healthy', () => new Gauge({
    name: 'data_product_healthy', help: '1 while every partition file matches the manifest and no rebuild runs, else 0', labelNames: ['product'], registers,
    collect() { each(this, (_p, s) => (s?.health === 'healthy' ? 1 : 0)); },
  }));
  return {
    rebuilds: reuse('data_product_rebuilds_total', () => new Counter({ name: 'data_product_rebuilds_total', help: 'Rebuilds of a product from the event store', labelNames: ['product'], registers })),
    repairs: reuse('data_product_partition_repairs_total', () => new Counter({ name: 'data_product_partition_repairs_total', help: 'Partition files found missing or corrupted and written again', labelNames: ['product'], registers })),
  };
}
