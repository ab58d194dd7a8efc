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
  /** What `apply` will touch for this event, when the view can tell without reading (hints for batches). */
  documents?(event: EventEnvelope): DocumentHints;
}

export interface DocumentHints {
  /** Documents `apply` reads: a batch fetches those of all its events in parallel beforehand. */
  readonly reads?: readonly string[];
  /**
   * Documents this event creates: they cannot exist unless this very event was applied before (a
   * redelivery). A batch takes them as absent without reading; if one exists after all, writing it
   * fails the revision compare-and-set and the batch starts again from the store, without this hint.
   * The batch writes such a document first, as created, so a wrong "absent" stops the batch's
   * writes before any change computed from it (see ViewBatch.revisions).
   */
  readonly creates?: readonly string[];
}

/** Thrown when an event needs one that this view has not applied yet; the relay retries it later. */
export class ProjectionOrderError extends Error {
  override readonly name = 'ProjectionOrderError';
}

/** The projector's outbox subscriber (its relay checkpoints, backlog and dead letters carry this name). */
export const PROJECTIONS_SUBSCRIBER = 'projections';
