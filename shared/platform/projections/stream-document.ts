import type { EventEnvelope } from '../event-store/event-envelope';
import { ProjectionOrderError } from './projection-view';
import { updateDocument, type ViewDocument, type ViewStore } from './view-store';

/**
 * A document only one source stream writes (a SKU's stock level, one order's part of its summary).
 * The relay hands a stream's events to a view one at a time and in order, so such a document needs
 * no lock; `version` is the stream's last applied version, which makes applying idempotent.
 */
export interface StreamDocument<S> extends ViewDocument {
  readonly streamId: string;
  readonly version: number;
  /** Timestamp of the event at `version`. */
  readonly updatedAt: Date;
  readonly state: S;
}

export interface StreamDocumentOptions<S> {
  /**
   * The document folds every event of its stream (the view takes all of the stream's types), so
   * versions must follow one another: a gap means an event never reached the view (say, a rebuild
   * whose readAll missed a commit because the settle window was too short). Refuse it loudly.
   */
  readonly contiguous?: boolean;
  /** The document as the caller just read it (saves a read). */
  readonly firstRead?: StreamDocument<S> | null;
}

/** Folds `event` into the document `id` unless it holds that version (or a later one) already. */
export function applyToStreamDocument<S>(
  store: ViewStore,
  id: string,
  event: EventEnvelope,
  evolve: (state: S | undefined, event: EventEnvelope, appliedVersion: number) => S,
  options: StreamDocumentOptions<S> = {},
): Promise<boolean> {
  return updateDocument<StreamDocument<S>>(store, id, (current) => {
    if (current && current.version >= event.version) return null;
    const expected = (current?.version ?? 0) + 1;
    if (options.contiguous && event.version !== expected) {
      throw new ProjectionOrderError(`${id}: ${event.streamId} v${event.version} arrived, v${expected} expected (an event never reached this view)`);
    }
    return { _id: id, streamId: event.streamId, version: event.version, updatedAt: event.timestamp, state: evolve(current?.state, event, current?.version ?? 0) };
  }, options.firstRead);
}
