import type { Db } from 'mongodb';

/** Collections of the event store. All hot-path access is by exact `_id`. */
export const EVENT_STORE_COLLECTIONS = {
  /** One immutable document per append: `_id = "<streamId>@<version it follows>"`. */
  commits: 'event_commits',
  /** Per-stream head hint (`_id = streamId`); only a starting point for walking the chain. */
  streams: 'event_streams',
  /** Idempotency reservations, `_id = "<streamId>|<idempotencyKey>"`. */
  idempotency: 'event_idempotency',
  /**
   * Pointers to commits not yet fanned out to subscribers, `_id = commitId`, written by every append
   * before its commit (so no commit is ever without one); the outbox relay consumes them.
   */
  pending: 'outbox_pending',
  /** Latest snapshot per stream, `_id = streamId`. */
  snapshots: 'event_snapshots',
} as const;

/** Secondary indexes for a real MongoDB (FerretDB accepts them; its SQLite backend ignores them for reads). */
export async function ensureEventStoreIndexes(db: Db): Promise<void> {
  await db.collection(EVENT_STORE_COLLECTIONS.commits).createIndex({ committedAt: 1, _id: 1 }, { name: 'read_all_order' });
  await db.collection(EVENT_STORE_COLLECTIONS.pending).createIndex({ dueAt: 1 }, { name: 'due' });
}
