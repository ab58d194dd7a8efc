import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LeadEvent } from '../../../shared/crm/lead/lead-events';
import { leadStreamId } from '../../../shared/crm/lead/lead-stream';
import type {
  CloseLeadRequest,
  ConfirmPaymentRequest,
  LeadRequest,
  RecordContactRequest,
  SetFollowupRequest,
  SubmitOrderRequest,
  UpdateContactDetailsRequest,
} from './lead-requests';
import type { LeadProcessState } from './process-state';

/** Workflow id = the lead's stream id (`lead-<id>`), so a repeated start of the same lead is idempotent. */
export const leadWorkflowId = (leadId: string): string => leadStreamId(leadId);

export const LEAD_LIFECYCLE_WORKFLOW = 'leadLifecycle';

/** What an accepted request did: the events it appended and the process state after them. */
export interface LeadStepResult {
  readonly appended: readonly LeadEvent[];
  readonly process: LeadProcessState;
}

/** Live state of the process manager: the lead, its timers, its order, its bookkeeping. */
export const leadProcessQuery = defineQuery<LeadProcessState>('leadProcess');

/** Waits until the first event of the lead is stored; refused if the lead could not be initialized. */
export const leadInitializedUpdate = defineUpdate<LeadStepResult, []>('awaitInitialized');

/*
 * One update per business message. Each validator decides the command with the pure Lead
 * decider against the current state, so a refused transition is answered at once and never
 * reaches history; an accepted one is appended by an activity before the update completes.
 */
export const recordContactUpdate = defineUpdate<LeadStepResult, [RecordContactRequest]>('recordContact');
export const setFollowupUpdate = defineUpdate<LeadStepResult, [SetFollowupRequest]>('setFollowup');
export const updateContactDetailsUpdate = defineUpdate<LeadStepResult, [UpdateContactDetailsRequest]>('updateContactDetails');
export const submitOrderUpdate = defineUpdate<LeadStepResult, [SubmitOrderRequest]>('submitOrder');
export const confirmPaymentUpdate = defineUpdate<LeadStepResult, [ConfirmPaymentRequest]>('confirmPayment');
export const closeLeadUpdate = defineUpdate<LeadStepResult, [CloseLeadRequest]>('closeLead');

/**
 * The same messages fire-and-forget (e.g. a telephony system reporting a call, a payment
 * provider confirming a payment): a refused one is dropped and noted in the process state.
 */
export const leadRequestSignal = defineSignal<[LeadRequest]>('leadRequest');
