import type { Db } from 'mongodb';
import type { EventEnvelope } from '../../shared/messaging/envelope';
import { OUTBOX_COLLECTIONS } from '../../shared/outbox/collections';
import { ProjectionStatusStore, type ViewStatus } from '../../shared/projections/projection-status';
import { PROJECTIONS_SUBSCRIBER, type ViewName } from '../../shared/projections/projection-view';

/**
 * The last event applied per view, kept in memory on the hot path and written to
 * `projection_status` by `flush` (about once a second), not once per event.
 */
export class StatusTracker {
  private readonly latest = new Map<ViewName, ViewStatus>();
  private readonly unsaved = new Set<ViewName>();
  private readonly statuses: ProjectionStatusStore;

  constructor(
    readDb: Db,
    private readonly writeDb: Db,
    private readonly projectorId: string,
  ) {
    this.statuses = new ProjectionStatusStore(readDb);
  }

  record(view: ViewName, event: EventEnvelope): void {
    this.latest.set(view, {
      lastEventAt: event.timestamp,
      lastStreamId: event.streamId,
      lastVersion: event.version,
      lastAppliedAt: new Date(),
      projector: this.projectorId,
    });
    this.unsaved.add(view);
  }

  lastEventAt(view: ViewName): Date | undefined {
    return this.latest.get(view)?.lastEventAt;
  }

  async flush(): Promise<void> {
    const changed = new Map([...this.unsaved].flatMap((view) => {
      const status = this.latest.get(view);
      return status ? [[view, status] as const] : [];
    }));
    this.unsaved.clear();
    await this.statuses.save(changed);
  }

  /** Streams with events waiting for the projector (a scan of the small signal collection). */
  backlog(): Promise<number> {
    return this.writeDb.collection(OUTBOX_COLLECTIONS.deliveries).countDocuments({ subscriber: PROJECTIONS_SUBSCRIBER });
  }
}
