import type { EventEnvelope } from '../event-store/event-envelope';
import type { ViewStore } from './view-store';

/** A view's name: its collections, pointer, status and metrics are keyed by it. */
export type ViewName = string;

/**
 * a view kept from events. `apply` must be idempotent per source stream: it records, in
 * the documents it writes, the last version of each stream applied there and does nothing for
 * an event at or below it. Redelivery, a replay and an older event arriving late change nothing.
 * Events of one stream arrive in version order (the outbox relay and `readAll` both keep it).
 */
export interface ProjectionView {
  readonly name: ViewName;
  /** The event types it folds; the relay skips the others for it. */
  readonly eventTypes: readonly string[];
  apply(store: ViewStore, event: EventEnvelope): Promise<void>;
  /**
   * The documents `apply` reads first for this event, if the view can tell without reading: the
   * projector fetches those of a whole batch in parallel beforehand (a hint, not a contract).
   */
  documentIds?(event: EventEnvelope): readonly string[];
}

/** Thrown when an event needs one that this view has not applied yet; the relay retries it later. */
export class ProjectionOrderError extends Error {
  override readonly name = 'ProjectionOrderError';
}

/** The projector's outbox subscriber (its relay checkpoints, backlog and dead letters carry this name). */
export const PROJECTIONS_SUBSCRIBER = 'projections';
