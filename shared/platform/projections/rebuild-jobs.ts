import type { Collection, Db } from 'mongodb';
import type { ViewName } from './projection-view';
import { READ_SIDE_COLLECTIONS } from './read-side-collections';

/** replaying history into memory, writing it out, catching up with what settled meanwhile, frozen for the final catch-up, switched. */
export type RebuildPhase = 'replaying' | 'writing' | 'catching-up' | 'frozen' | 'switched';
export type RebuildStatus = 'running' | 'completed' | 'failed';

export interface RebuildJobDocument {
  readonly _id: string;
  readonly view: ViewName;
  readonly status: RebuildStatus;
  readonly phase: RebuildPhase;
  /** The collection being built (active once the job completes). */
  readonly collection: string;
  readonly requestedBy: string;
  readonly eventsRead: number;
  readonly eventsApplied: number;
  /** Commits in the store when the job started, and commits replayed (more may arrive meanwhile). */
  readonly commitsAtStart: number;
  readonly commitsRead: number;
  /** commitsRead / commitsAtStart, at most 1. */
  readonly progress: number;
  /** Commit time of the last event replayed: how far through history the job is. */
  readonly position?: Date;
  readonly documentsWritten: number;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt?: Date;
  readonly error?: string;
}

/** A running job that has not reported for this long is presumed dead (its process stopped). */
export const REBUILD_STALE_MS = 30_000;

export class RebuildJobs {
  private readonly collection: Collection<RebuildJobDocument>;

  constructor(readDb: Db) {
    this.collection = readDb.collection<RebuildJobDocument>(READ_SIDE_COLLECTIONS.rebuilds);
  }

  async create(job: RebuildJobDocument): Promise<void> {
    await this.collection.insertOne(job);
  }

  async update(id: string, patch: Partial<Omit<RebuildJobDocument, '_id'>>): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { ...patch, updatedAt: new Date() } });
  }

  get(id: string): Promise<RebuildJobDocument | null> {
    return this.collection.findOne({ _id: id });
  }

  /** Running jobs of a view that reported recently (a scan of a small collection). */
  async running(view: ViewName, now = Date.now()): Promise<RebuildJobDocument[]> {
    const jobs = await this.collection.find({ view, status: 'running' }).toArray();
    return jobs.filter((j) => now - j.updatedAt.getTime() < REBUILD_STALE_MS);
  }
}
