import type { Collection, Db } from 'mongodb';
import type { ViewName } from './projection-view';
import { READ_SIDE_COLLECTIONS } from './read-side-collections';

/** The newest event a projector applied to a view: the view's checkpoint as an operator reads it. */
export interface ViewStatus {
  /** Timestamp of that event; lag = now - this. */
  readonly lastEventAt: Date;
  readonly lastStreamId: string;
  readonly lastVersion: number;
  /** When it was applied. */
  readonly lastAppliedAt: Date;
  readonly projector: string;
}

interface StatusDocument {
  _id: 'views';
  views: Partial<Record<ViewName, ViewStatus>>;
}

/** One document for all views, so a projector reports with one write (an update scans its collection on FerretDB). */
export class ProjectionStatusStore {
  private readonly collection: Collection<StatusDocument>;

  constructor(readDb: Db) {
    this.collection = readDb.collection<StatusDocument>(READ_SIDE_COLLECTIONS.status);
  }

  async all(): Promise<Partial<Record<ViewName, ViewStatus>>> {
    return (await this.collection.findOne({ _id: 'views' }))?.views ?? {};
  }

  /** Written by each projector about once a second, for the views that changed; the latest report wins. */
  async save(statuses: ReadonlyMap<ViewName, ViewStatus>): Promise<void> {
    if (statuses.size === 0) return;
    const set = Object.fromEntries([...statuses].map(([view, status]) => [`views.${view}`, status]));
    await this.collection.updateOne({ _id: 'views' }, { $set: set }, { upsert: true });
  }
}
