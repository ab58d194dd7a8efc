import type { EventEnvelope } from './event-envelope';
import { storedEventUpcasters } from './event-upcasters';
import { storedTraceContext } from './trace-context';

/**
 * One append, stored as one document, so its events (and the outbox entries they imply:
 * the relay delivers straight from this document) are written all-or-nothing without
 * transactions. `_id = "<streamId>@<firstVersion - 1>"`: keyed by the version it follows, so
 * the unique `_id` allows exactly one successor of each version (optimistic concurrency).
 */
export interface CommitDocument {
  readonly _id: string;
  readonly streamId: string;
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly events: readonly EventEnvelope[];
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  /** Wall-clock time of the write, never before the predecessor's: the global order of `readAll`. */
  readonly committedAt: Date;
}

/** Where a stream stands: a commit boundary and the commit time of the commit ending there. */
export interface StreamPosition {
  readonly version: number;
  readonly committedAt?: Date;
}

export const STREAM_START: StreamPosition = { version: 0 };

/** The id of the commit that follows `version` (the first commit of a stream is `<streamId>@0`). */
export function commitIdAfter(streamId: string, version: number): string {
  return `${streamId}@${version}`;
}

export function positionAfter(commit: CommitDocument): StreamPosition {
  return { version: commit.lastVersion, committedAt: commit.committedAt };
}

/**
 * A stored event as a fresh envelope object, whatever extra fields the document may carry, in the
 * current shape of its type (see event-upcasters.ts): every read path decodes events here.
 */
export function toEnvelope(stored: EventEnvelope): EventEnvelope {
  return storedEventUpcasters.upcast({
    type: stored.type,
    eventId: stored.eventId,
    correlationId: stored.correlationId,
    causationId: stored.causationId,
    streamId: stored.streamId,
    version: stored.version,
    timestamp: stored.timestamp,
    schemaVersion: stored.schemaVersion,
    payload: stored.payload,
    ...storedTraceContext(stored),
  });
}

/** A stored commit with its events decoded by `toEnvelope` (the relay reads commits whole). */
export function decodeCommit<C extends CommitDocument | null>(commit: C): C {
  return (commit && { ...commit, events: commit.events.map(toEnvelope) }) as C;
}
