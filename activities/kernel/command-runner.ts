import { Context } from '@temporalio/activity';
import type { Decider, DomainEvent } from '../../shared/platform/event-store/decider';
import { AggregateRepository, type EventStore, type ExecuteResult, type SnapshotStore } from '../../shared/platform/event-store';

/**
 * Key of the current activity invocation, stable across its retries and unique per saga step:
 * the idempotency key of the event-store append and of provider calls made by the step.
 */
export function stepIdempotencyKey(suffix = ''): string {
  const { workflowExecution, activityId, activityType } = Context.current().info;
  const base = `${workflowExecution?.workflowId ?? 'standalone'}:${workflowExecution?.runId ?? ''}:${activityId}:${activityType}`;
  return suffix ? `${base}:${suffix}` : base;
}

export interface CommandContext {
  readonly correlationId: string;
  /** Distinguishes two commands of one activity invocation (e.g. decline record vs authorization). */
  readonly keySuffix?: string;
  /** Business time stamped on the events (default: now), e.g. the workflow time of the command. */
  readonly now?: Date;
}

/** Runs a command on one aggregate: load, decide, append with the step's idempotency key. */
export class CommandRunner {
  constructor(
    private readonly store: EventStore,
    private readonly snapshots: SnapshotStore,
  ) {}

  repository<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, snapshotKey: string): AggregateRepository<C, E, S> {
    return new AggregateRepository(this.store, decider, { snapshots: this.snapshots, snapshotKey, snapshotEvery: 50 });
  }

  async run<C, E extends DomainEvent, S>(
    repository: AggregateRepository<C, E, S>,
    streamId: string,
    command: C,
    ctx: CommandContext,
  ): Promise<ExecuteResult<S>> {
    const { workflowExecution } = Context.current().info;
    return repository.execute(streamId, command, {
      correlationId: ctx.correlationId,
      causationId: workflowExecution?.workflowId ?? ctx.correlationId,
      idempotencyKey: stepIdempotencyKey(ctx.keySuffix),
      maxConflictRetries: 10,
      now: ctx.now,
    });
  }
}
