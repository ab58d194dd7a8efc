import type { Collection, Db } from 'mongodb';
import { insertOnce } from '../mongo/insert-once';
import type { ViewName } from './projection-view';
import { READ_SIDE_COLLECTIONS } from './read-side-collections';

/**
 * Which collection serves a view. Queries and the projector resolve it for every read and
 * write, so a rebuild switches a view over with one write to this document.
 */
export interface ViewPointerDocument {
  readonly _id: ViewName;
  readonly active: string;
  readonly generation: number;
  /** True once a rebuild from the event store has been switched in (until then the view only has what the relay delivered). */
  readonly bootstrapped: boolean;
  /** The collection served before the last switch, kept until the next one. */
  readonly previous?: string;
  /** While in the future, live writes to the view wait: a rebuild is catching up before its switch. */
  readonly frozenUntil?: Date;
  readonly frozenBy?: string;
  /** While set, the projector also records every event it hands the view in this collection (a rebuild's tail). */
  readonly tail?: string;
  readonly tailBy?: string;
  readonly switchedAt?: Date;
  readonly switchedBy?: string;
}

/**
 * How long a projector may act on a pointer it read earlier. A rebuild keeps the view frozen
 * for longer than this before it switches, so no projector writes to the old collection after the switch.
 */
export const POINTER_CACHE_MS = 250;

export function viewCollectionName(view: ViewName, suffix: string): string {
  return `view_${view.replaceAll('-', '_')}_${suffix}`;
}

export function isFrozen(pointer: ViewPointerDocument, now = Date.now()): boolean {
  return pointer.frozenUntil !== undefined && pointer.frozenUntil !== null && pointer.frozenUntil.getTime() > now;
}

export class ViewPointers {
  private readonly collection: Collection<ViewPointerDocument>;

  constructor(readDb: Db) {
    this.collection = readDb.collection<ViewPointerDocument>(READ_SIDE_COLLECTIONS.pointers);
  }

  get(view: ViewName): Promise<ViewPointerDocument | null> {
    return this.collection.findOne({ _id: view });
  }

  list(): Promise<ViewPointerDocument[]> {
    return this.collection.find({}).toArray();
  }

  /** The pointer, created on first use: generation 1, an empty collection, not bootstrapped. */
  async ensure(view: ViewName): Promise<ViewPointerDocument> {
    const existing = await this.get(view);
    if (existing) return existing;
    const initial: ViewPointerDocument = { _id: view, active: viewCollectionName(view, 'g1'), generation: 1, bootstrapped: false };
    if (await insertOnce(this.collection, initial)) return initial;
    return (await this.get(view)) ?? initial;
  }

  /** From now on (give projectors POINTER_CACHE_MS to see it) the events the view is handed are also recorded in `collection`. */
  async startTail(view: ViewName, jobId: string, collection: string): Promise<void> {
    await this.collection.updateOne({ _id: view }, { $set: { tail: collection, tailBy: jobId } });
  }

  async stopTail(view: ViewName, jobId: string): Promise<void> {
    await this.collection.updateOne({ _id: view, tailBy: jobId }, { $unset: { tail: '', tailBy: '' } });
  }

  async freeze(view: ViewName, jobId: string, until: Date): Promise<void> {
    await this.collection.updateOne({ _id: view }, { $set: { frozenUntil: until, frozenBy: jobId } });
  }

  async unfreeze(view: ViewName, jobId: string): Promise<void> {
    await this.collection.updateOne({ _id: view, frozenBy: jobId }, { $unset: { frozenUntil: '', frozenBy: '' } });
  }

  /** The switch: one replace of the pointer (which also ends the freeze and the tail). */
  async switchTo(view: ViewName, collection: string, from: ViewPointerDocument, jobId: string): Promise<ViewPointerDocument> {
    const next: ViewPointerDocument = {
      _id: view,
      active: collection,
      generation: from.generation + 1,
      bootstrapped: true,
      previous: from.active,
      switchedAt: new Date(),
      switchedBy: jobId,
    };
    await this.collection.replaceOne({ _id: view }, next, { upsert: true });
    return next;
  }
}
