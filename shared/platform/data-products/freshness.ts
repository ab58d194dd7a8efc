import type { DataProduct } from './data-product-definition';
import type { PortStatus } from './port-layout';

export interface Freshness {
  readonly objectiveSeconds: number;
  /** How far the port trails the event store now; null before it first caught up. */
  readonly lagSeconds: number | null;
  readonly objectiveMet: boolean;
  /** Every event committed before this instant is in the port. */
  readonly freshAsOf: string | null;
}

/** Freshness now versus the product's objective. A worker that stopped checking falls behind with time. */
export function freshness(product: Pick<DataProduct, 'freshnessObjectiveSeconds'>, status: Pick<PortStatus, 'freshAsOf'> | undefined, now = new Date()): Freshness {
  const freshAsOf = status?.freshAsOf ?? null;
  const lagSeconds = freshAsOf === null ? null : Math.max(0, (now.getTime() - Date.parse(freshAsOf)) / 1000);
  return {
    objectiveSeconds: product.freshnessObjectiveSeconds,
    lagSeconds,
    objectiveMet: lagSeconds !== null && lagSeconds <= product.freshnessObjectiveSeconds,
    freshAsOf,
  };
}
