import type { EventEnvelope } from '../messaging/envelope';
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

/** Folds `event` into the document `id` unless it holds that version (or a later one) already. */
export function applyToStreamDocument<S>(
  store: ViewStore,
  id: string,
  event: EventEnvelope,
  evolve: (state: S | undefined, event: EventEnvelope, appliedVersion: number) => S,
  firstRead?: StreamDocument<S> | null,
): Promise<boolean> {
  return updateDocument<StreamDocument<S>>(store, id, (current) => {
    if (current && current.version >= event.version) return null;
    return { _id: id, streamId: event.streamId, version: event.version, updatedAt: event.timestamp, state: evolve(current?.state, event, current?.version ?? 0) };
  }, firstRead);
}
