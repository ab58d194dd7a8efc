import type { EventEnvelope } from '../messaging/envelope';
import type { ViewStore } from './view-store';

export const VIEW_NAMES = ['order-summary', 'orders-by-customer', 'sales-by-state', 'stock-levels', 'customers'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export function isViewName(name: string): name is ViewName {
  return (VIEW_NAMES as readonly string[]).includes(name);
}

/**
 * A read model kept from events. `apply` must be idempotent per source stream: it records, in
 * the documents it writes, the last version of each stream applied there and does nothing for
 * an event at or below it. Redelivery, a replay and an older event arriving late change nothing.
 * Events of one stream arrive in version order (the outbox relay and `readAll` both keep it).
 */
export interface ProjectionView {
  readonly name: ViewName;
  /** The event types it folds; the relay skips the others for it. */
  readonly eventTypes: readonly string[];
  apply(store: ViewStore, event: EventEnvelope): Promise<void>;
}

/** Thrown when an event needs one that this view has not applied yet; the relay retries it later. */
export class ProjectionOrderError extends Error {
  override readonly name = 'ProjectionOrderError';
}

/** The projector's outbox subscriber (its relay checkpoints, backlog and dead letters carry this name). */
export const PROJECTIONS_SUBSCRIBER = 'projections';
