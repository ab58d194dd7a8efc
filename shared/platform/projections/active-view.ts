import type { Db } from 'mongodb';
import { MongoViewStore } from './mongo-view-store';
import type { ViewName } from './projection-view';
import type { ViewDocument, ViewReader } from './view-store';
import { ViewPointers } from './view-pointers';

const NOTHING_PROJECTED: ViewReader = { get: () => Promise.resolve(null) };

/** A reader on the collection that serves the view now (resolved per call: a rebuild may have switched it). */
export async function activeViewReader(readDb: Db, view: ViewName): Promise<ViewReader> {
  const pointer = await new ViewPointers(readDb).get(view);
  return pointer ? MongoViewStore.open(readDb, pointer.active) : NOTHING_PROJECTED;
}

/**
 * Every document of the view at its last revision: a scan of the collection serving it (its old
 * revisions included), for views read whole (the leads table, the lead funnel). A rebuild leaves
 * one revision per document.
 */
export async function activeViewDocuments(readDb: Db, view: ViewName): Promise<ViewDocument[]> {
  const pointer = await new ViewPointers(readDb).get(view);
  return pointer ? MongoViewStore.open(readDb, pointer.active).documents() : [];
}
