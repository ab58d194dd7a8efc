import type { Response } from 'express';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { activeViewDocuments, activeViewReader } from '../../shared/platform/projections/active-view';
import { readAtLeast } from '../../shared/platform/projections/consistency';
import type { ViewName } from '../../shared/platform/projections/projection-view';
import type { ViewDocument, ViewReader } from '../../shared/platform/projections/view-store';
import type { ApiDeps } from '../deps';
import { ProblemError, problems } from './problem';

export const MinVersionSchema = z.coerce
  .number()
  .int()
  .min(1)
  .optional()
  .describe('Read your writes: wait (bounded) until the view reflects this version of the stream, as a command reported it');

/** What the query routes need: the read database and how long a `?minVersion` read may wait. */
export interface ReadSide {
  readonly readDb: Db;
  readonly consistencyTimeoutMs: number;
  /** A reader on the collection serving the view now. */
  view(name: ViewName): Promise<ViewReader>;
  /** Every document of the view (a scan: views read whole only). */
  documents<D extends ViewDocument>(name: ViewName): Promise<D[]>;
}

export function readSide(deps: ApiDeps): ReadSide {
  const readDb = deps.mongo.client.db(deps.config.mongo.readDbName);
  return {
    readDb,
    consistencyTimeoutMs: deps.config.projections.consistencyTimeoutMs,
    view: (name) => activeViewReader(readDb, name),
    documents: async <D extends ViewDocument>(name: ViewName) => (await activeViewDocuments(readDb, name)) as D[],
  };
}

/**
 * Reads a view document, waiting for `minVersion` of its stream when asked. A view that has not
 * caught up within the bound answers 409 `not-yet-consistent` with the version it has (the
 * command succeeded; the read side is behind), and `Retry-After`.
 */
export async function readConsistently<T>(
  res: Response,
  side: ReadSide,
  what: string,
  read: () => Promise<T | null>,
  versionOf: (value: T) => number,
  minVersion: number | undefined,
): Promise<T | null> {
  const result = await readAtLeast(read, versionOf, minVersion, side.consistencyTimeoutMs);
  if (!result.consistent) {
    res.setHeader('Retry-After', '1');
    throw new ProblemError(
      409,
      'not-yet-consistent',
      'Not yet consistent',
      `the view of ${what} is at version ${result.version}, not yet at ${minVersion ?? 0}; retry shortly`,
      { minVersion, currentVersion: result.version },
    );
  }
  return result.value;
}

/**
 * One document of a view that carries the version of its own stream: read consistently from the
 * collection serving the view, 404 `notFound` when the view has no such document.
 */
export async function readViewDocument<T extends { readonly version: number }>(
  res: Response,
  side: ReadSide,
  view: ViewName,
  read: (reader: ViewReader) => Promise<T | null>,
  request: { readonly what: string; readonly minVersion: number | undefined; readonly notFound: string },
): Promise<T> {
  const doc = await readConsistently(res, side, request.what, async () => read(await side.view(view)), (d) => d.version, request.minVersion);
  if (!doc) throw problems.notFound(request.notFound);
  return doc;
}
