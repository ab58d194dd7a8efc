import type { LeadCommand } from '../../shared/domain/crm/lead/lead-commands';
import type { LeadEvent } from '../../shared/domain/crm/lead/lead-events';
import type { LeadState } from '../../shared/domain/crm/lead/lead-state';

/**
 * The contract between the lead lifecycle process manager and its activity. The workflow
 * decides nothing by itself that it does not also append: every transition goes through
 * `executeLeadCommand`, which runs the Lead decider against the stored stream and appends.
 * A refusal arrives as a non-retryable ApplicationFailure whose `type` is the rejection code
 * (e.g. 'payment-pending', 'lead-already-closed').
 */
export interface LeadCommandInput {
  readonly command: LeadCommand;
  readonly correlationId: string;
}

export interface LeadCommandOutcome {
  /** The lead after the command, as stored (the process manager adopts it as its own view). */
  readonly state: LeadState;
  readonly version: number;
  /** Events this command appended (on a retried activity: those the first attempt appended). */
  readonly appended: readonly LeadEvent[];
}

export interface LeadLifecycleActivities {
  executeLeadCommand(input: LeadCommandInput): Promise<LeadCommandOutcome>;
}
