import type { Db } from 'mongodb';
import { VIEW_NAMES } from '../../shared/domain/view-catalog';
import { OUTBOX_COLLECTIONS } from '../../shared/platform/outbox/outbox-collections';
import { ProjectionStatusStore } from '../../shared/platform/projections/projection-status';
import { PROJECTIONS_SUBSCRIBER } from '../../shared/platform/projections/projection-view';
import type { LagSample } from './lag-sampler';

/**
 * Measures each view's lag now. With nothing waiting for the projector every view is current (0).
 * Otherwise a view is behind by at most the age of the oldest waiting event, and by at most the
 * age of the newest event it applied: the smaller of the two.
 */
export function projectionLag(writeDb: Db, readDb: Db): () => Promise<LagSample> {
  const statuses = new ProjectionStatusStore(readDb);
  const deliveries = writeDb.collection<{ subscriber: string; createdAt: Date }>(OUTBOX_COLLECTIONS.deliveries);
  return async () => {
    const [backlogStreams, oldest, byView] = await Promise.all([
      deliveries.countDocuments({ subscriber: PROJECTIONS_SUBSCRIBER }),
      deliveries.find({ subscriber: PROJECTIONS_SUBSCRIBER }).sort({ createdAt: 1 }).limit(1).next(),
      statuses.all(),
    ]);
    const at = new Date();
    const oldestPendingSeconds = oldest ? Math.max(0, at.getTime() - oldest.createdAt.getTime()) / 1000 : null;
    const views = Object.fromEntries(VIEW_NAMES.map((view) => {
      const status = byView[view];
      if (!status) return [view, null];
      const checkpointAge = Math.max(0, at.getTime() - status.lastEventAt.getTime()) / 1000;
      return [view, backlogStreams === 0 || oldestPendingSeconds === null ? 0 : Math.min(checkpointAge, oldestPendingSeconds)];
    }));
    return { at, backlogStreams, oldestPendingSeconds, views };
  };
}
