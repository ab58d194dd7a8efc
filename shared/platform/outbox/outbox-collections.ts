import type { Db } from 'mongodb';

/**
 * Outbox collections. The outbox entries themselves are the event commits (written
 * all-or-nothing with the events); these collections only say where undelivered work is.
 */
export const OUTBOX_COLLECTIONS = {
  /** Per-subscriber work signals, `_id = "<subscriber>|<commitId>"`. */
  deliveries: 'outbox_deliveries',
  /** Per subscriber and stream: delivered through which version; retry and parking state. */
  checkpoints: 'outbox_checkpoints',
  /** Leases on (subscriber, stream), taken by insert on a unique `_id`. */
  leases: 'outbox_leases',
  deadLetters: 'outbox_dead_letters',
  /** Subscriber names that some relay runs (`_id = name`), so fan-out serves relays configured differently. */
  subscribers: 'outbox_subscribers',
  inbox: 'inbox',
} as const;

export async function ensureOutboxIndexes(db: Db): Promise<void> {
  await db.collection(OUTBOX_COLLECTIONS.deliveries).createIndex({ dueAt: 1 }, { name: 'due' });
  await db.collection(OUTBOX_COLLECTIONS.deadLetters).createIndex({ status: 1, deadAt: 1 }, { name: 'status' });
}
