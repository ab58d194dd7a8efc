import type { Db } from 'mongodb';
import type { EventEnvelope } from '../event-store/event-envelope';
import { DeliveryRecords } from '../outbox/delivery-records';
import { ProjectionStatusStore, type ViewStatus } from './projection-status';
import { PROJECTIONS_SUBSCRIBER, type ViewName } from './projection-view';

/**
 * The last event applied per view, kept in memory on the hot path and written to
 * `projection_status` by `flush` (about once a second), not once per event.
 */
export class StatusTracker {
  private readonly latest = new Map<ViewName, ViewStatus>();
  /** Statuses recorded since the last flush. */
  private unsaved = new Map<ViewName, ViewStatus>();
  private readonly statuses: ProjectionStatusStore;
  private readonly deliveries: DeliveryRecords;

  constructor(
    readDb: Db,
    writeDb: Db,
    private readonly projectorId: string,
  ) {
    this.statuses = new ProjectionStatusStore(readDb);
    this.deliveries = new DeliveryRecords(writeDb);
  }

  record(view: ViewName, event: EventEnvelope): void {
    const status: ViewStatus = {
      lastEventAt: event.timestamp,
      lastStreamId: event.streamId,
      lastVersion: event.version,
      lastAppliedAt: new Date(),
      projector: this.projectorId,
    };
    this.latest.set(view, status);
    this.unsaved.set(view, status);
  }

  lastEventAt(view: ViewName): Date | undefined {
    return this.latest.get(view)?.lastEventAt;
  }

  async flush(): Promise<void> {
    const changed = this.unsaved;
    this.unsaved = new Map();
    await this.statuses.save(changed);
  }

  /** Streams with events waiting for the projector (a scan of the small signal collection). */
  backlog(): Promise<number> {
    return this.deliveries.countSignals(PROJECTIONS_SUBSCRIBER);
  }
}
