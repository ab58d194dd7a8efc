import type { Db } from 'mongodb';
import { CommitFeed } from '../event-store/commit-feed';
import { DeadLetters } from '../outbox/dead-letters';
import { DeliveryRecords } from '../outbox/delivery-records';
import { PROJECTIONS_SUBSCRIBER } from './projection-view';

/** What the projector has not applied yet: commits not fanned out, streams with waiting commits, events parked in the dead letters. */
export interface ProjectionBacklog {
  readonly streams: number;
  /** Commit time of the oldest commit waiting for the projector; null when none waits. */
  readonly oldestWaitingAt: Date | null;
  /** Time of the oldest commit no relay has fanned out yet (no relay running, or behind); null when none. */
  readonly oldestUnannouncedAt: Date | null;
  readonly parkedDeadLetters: number;
  /** Time of the oldest event parked in the dead letters; null when none is. */
  readonly oldestParkedAt: Date | null;
}

export async function projectionBacklog(writeDb: Db): Promise<ProjectionBacklog> {
  const records = new DeliveryRecords(writeDb);
  const [streams, oldest, unannounced, parked] = await Promise.all([
    records.countSignals(PROJECTIONS_SUBSCRIBER),
    records.oldestSignal(PROJECTIONS_SUBSCRIBER),
    new CommitFeed(writeDb).pending.oldestUnexamined(),
    new DeadLetters(writeDb).parked(PROJECTIONS_SUBSCRIBER),
  ]);
  return {
    streams,
    oldestWaitingAt: oldest?.createdAt ?? null,
    oldestUnannouncedAt: unannounced?.createdAt ?? null,
    parkedDeadLetters: parked.count,
    oldestParkedAt: parked.oldest?.event.timestamp ?? null,
  };
}

/**
 * How far behind the views are: the age of the oldest event not applied yet (not fanned out yet,
 * waiting, or parked in the dead letters), 0 when there is none. An idle projector that has applied everything is
 * not behind, however long ago the last event was. Views share one delivery pipeline, so this is
 * every view's lag.
 */
export function lagSeconds(backlog: ProjectionBacklog, now = Date.now()): number {
  const times = [backlog.oldestWaitingAt, backlog.oldestUnannouncedAt, backlog.oldestParkedAt].filter((t): t is Date => t !== null).map((t) => t.getTime());
  return times.length === 0 ? 0 : Math.max(0, now - Math.min(...times)) / 1000;
}
