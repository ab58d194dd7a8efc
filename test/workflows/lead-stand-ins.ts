import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { LeadCommandInput, LeadCommandOutcome, LeadLifecycleActivities } from '../../activities/crm/lead-lifecycle-activities';
import { leadDecider } from '../../shared/domain/crm/lead/lead-decider';
import type { LeadEvent } from '../../shared/domain/crm/lead/lead-events';
import type { LeadState } from '../../shared/domain/crm/lead/lead-state';
import { isDomainRejection } from '../../shared/domain/kernel/domain-rejection';
import {
  LEAD_LIFECYCLE_WORKFLOW,
  leadProcessQuery,
  leadWorkflowId,
  type LeadLifecycleInput,
  type LeadLifecycleWorkflow,
  type LeadProcessState,
} from '../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { atState, type Behaviour, type Running, type WhenStep } from '../support/workflow-given-when-then';
import { ORDER_SAGA_STAND_INS } from './order-saga-stand-ins';

type LeadHandle = WorkflowHandle<LeadLifecycleWorkflow>;

/**
 * The lead's one activity, standing in for the event store: it decides each command with the
 * real (pure) Lead decider against the events this scenario's earlier calls appended.
 */
export const executeLeadCommand: Behaviour = (call): LeadCommandOutcome => {
  const { command } = call.input as LeadCommandInput;
  const earlier = call.history.filter((c) => c !== call.history.at(-1) && c.activity === 'executeLeadCommand' && c.outcome === 'returned');
  let state: LeadState = leadDecider.initialState;
  let version = 0;
  for (const c of earlier) {
    const previous = (c.input as LeadCommandInput).command;
    if (previous.leadId !== command.leadId) continue;
    for (const event of leadDecider.decide(previous, state)) {
      state = leadDecider.evolve(state, event);
      version += 1;
    }
  }
  let appended: readonly LeadEvent[];
  try {
    appended = leadDecider.decide(command, state);
  } catch (err) {
    if (isDomainRejection(err)) throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
    throw err;
  }
  for (const event of appended) state = leadDecider.evolve(state, event);
  return { state, version: version + appended.length, appended };
};

/** The lead's activity and those of the order saga it runs as a child. */
export const LEAD_STAND_INS: Record<keyof LeadLifecycleActivities, Behaviour> & typeof ORDER_SAGA_STAND_INS = {
  ...ORDER_SAGA_STAND_INS,
  executeLeadCommand,
};

export function leadInput(policy: LeadLifecycleInput['policy'] = {}): LeadLifecycleInput {
  return {
    leadId: `wf${randomUUID().slice(0, 10)}`,
    correlationId: randomUUID(),
    contact: { firstName: 'Casey', lastName: 'David', phoneNumber: '+14155552951' },
    policy,
  };
}

export function startLead(input: LeadLifecycleInput): { workflowId: string; run: (client: Client, taskQueue: string) => Promise<LeadHandle> } {
  const workflowId = leadWorkflowId(input.leadId);
  return {
    workflowId,
    run: (client, taskQueue) => client.workflow.start<LeadLifecycleWorkflow>(LEAD_LIFECYCLE_WORKFLOW, { taskQueue, workflowId, args: [input] }),
  };
}

export function atLead(ready: (state: LeadProcessState) => boolean, action: (run: Running<LeadHandle>, state: LeadProcessState) => Promise<unknown>): WhenStep<LeadHandle> {
  return atState((handle: LeadHandle) => handle.query(leadProcessQuery), ready, action);
}

/** A `when` step that runs `action` at once (not named `then`: a module exporting `then` is a thenable and hangs `import()`). */
export const now = (action: (run: Running<LeadHandle>) => Promise<unknown>): WhenStep<LeadHandle> => action;

/** The Lead commands the scenario sent, in order (first attempts). */
export const leadCommands = (calls: Running<LeadHandle>['calls']) =>
  calls.filter((c) => c.activity === 'executeLeadCommand' && c.attempt === 1).map((c) => (c.input as LeadCommandInput).command.type);

export const correlated = () => ({ correlationId: randomUUID() });
