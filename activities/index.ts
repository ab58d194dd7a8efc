import type { Db } from 'mongodb';
import { createSmokeActivities } from './smoke/record-smoke-check';

/** What activities need from the outside world; one instance per worker process. */
export interface ActivityDeps {
  readonly db: Db;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeActivities(deps.db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
