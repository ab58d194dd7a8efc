import type { Db } from 'mongodb';
import { Gauge, type Registry } from 'prom-client';
import { EVENT_STORE_COLLECTIONS } from '../event-store/event-store-collections';
import { OUTBOX_COLLECTIONS } from './outbox-collections';

/**
 * The outbox's backlog and open dead letters, counted at scrape time (so they are right whatever
 * relay did the work): commits not fanned out yet, delivery signals waiting for each of this relay's
 * subscribers, and dead letters still parked per subscriber. Registered once per registry.
 */
export function registerBacklogMetrics(registry: Registry, db: Db, subscribers: readonly string[]): void {
  if (registry.getSingleMetric('outbox_backlog')) return;
  const registers = [registry];
  const count = (collection: string, filter: Record<string, string>) => db.collection(collection).countDocuments(filter);
  new Gauge({
    name: 'outbox_backlog',
    help: 'Outbox work waiting: commit pointers not yet fanned out (kind=commits) and delivery signals not yet delivered, per subscriber (kind=deliveries)',
    labelNames: ['kind', 'subscriber'],
    registers,
    async collect() {
      this.set({ kind: 'commits', subscriber: '' }, await count(EVENT_STORE_COLLECTIONS.pending, {}));
      for (const subscriber of subscribers) this.set({ kind: 'deliveries', subscriber }, await count(OUTBOX_COLLECTIONS.deliveries, { subscriber }));
    },
  });
  new Gauge({
    name: 'outbox_dead_letters_parked',
    help: 'Dead letters waiting for an operator (parked, not re-queued or resolved), per subscriber',
    labelNames: ['subscriber'],
    registers,
    async collect() {
      for (const subscriber of subscribers) this.set({ subscriber }, await count(OUTBOX_COLLECTIONS.deadLetters, { subscriber, status: 'parked' }));
    },
  });
}
