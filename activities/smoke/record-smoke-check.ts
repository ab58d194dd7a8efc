import { Context } from '@temporalio/activity';
import type { Db } from 'mongodb';

export interface SmokeCheckInput {
  readonly correlationId: string;
  readonly note: string;
}

export interface SmokeActivities {
  recordSmokeCheck(input: SmokeCheckInput): Promise<string>;
}

export function createSmokeActivities(db: Db): SmokeActivities {
  return {
    async recordSmokeCheck(input) {
      const { workflowExecution, activityId } = Context.current().info;
      // Keyed by the workflow id, so a retried activity writes the same document once.
      const _id = `smoke:${workflowExecution?.workflowId ?? activityId}`;
      await db.collection<{ _id: string }>('smoke_checks').updateOne(
        { _id },
        { $setOnInsert: { note: input.note, correlationId: input.correlationId, runId: workflowExecution?.runId, recordedAt: new Date() } },
        { upsert: true },
      );
      return _id;
    },
  };
}
