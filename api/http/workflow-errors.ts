import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { problems, ProblemError } from './problem';

/**
 * Maps Temporal client errors of a business workflow to problem documents: an unknown workflow
 * is 404, an update refused by its validator is 409 with the workflow's reason and code.
 */
export function workflowProblem(err: unknown, what: string): unknown {
  if (err instanceof WorkflowNotFoundError) return problems.notFound(`${what} does not exist`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    return new ProblemError(409, err.cause.type ?? 'refused', 'Refused', err.cause.message);
  }
  if (err instanceof Error && err.name === 'QueryNotRegisteredError') return problems.notFound(`${what} does not answer this query`);
  return err;
}

export async function orNotFound<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw workflowProblem(err, what);
  }
}
