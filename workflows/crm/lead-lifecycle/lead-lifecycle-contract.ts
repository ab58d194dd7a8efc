/**
 * The lead lifecycle process manager's public contract: its name and id, input, policy, the
 * requests it accepts (and the Lead command each stands for), its state, its messages and its
 * search attributes. The workflow and its callers (the API, tests) both import this module.
 */
import { defineSearchAttributeKey, SearchAttributeType, type Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LeadCommand } from '../../../shared/domain/crm/lead/lead-commands';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import type { LeadState } from '../../../shared/domain/crm/lead/lead-state';
import { leadStreamId } from '../../../shared/domain/crm/lead/lead-stream';
import type { OrderFulfilmentInput, SagaStatus } from '../../ordering/order-fulfilment/order-fulfilment-contract';

/** Workflow id = the lead's stream id (`lead-<id>`), so a repeated start of the same lead is idempotent. */
export const leadWorkflowId = (leadId: string): string => leadStreamId(leadId);

export const LEAD_LIFECYCLE_WORKFLOW = 'leadLifecycle';

/** The workflow's signature, for typed client handles. */
export type LeadLifecycleWorkflow = (input: LeadLifecycleInput) => Promise<LeadProcessState>;

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

export interface LeadContact {
  readonly firstName: string;
  readonly lastName: string;
  readonly phoneNumber: string;
}

export interface LeadLifecycleInput {
  readonly leadId: string;
  /** Correlation id of the request that started the lead. */
  readonly correlationId: string;
  /** The new lead's contact details: the first run appends `lead-initialized` with them. */
  readonly contact?: LeadContact;
  /** Handed over by continue-as-new: the lead already exists and this is its state. */
  readonly carried?: LeadProcessState;
  readonly policy?: Partial<LeadLifecyclePolicy>;
}


export interface LeadLifecyclePolicy {
  /** Continue as new after this many handled messages in one run (sooner when Temporal suggests it). */
  readonly continueAsNewAfter: number;
  /** Payment deadline of a submitted order that names none (the talk's lead 12: three days). */
  readonly paymentWindow: Duration;
}

export const DEFAULT_LEAD_POLICY: LeadLifecyclePolicy = { continueAsNewAfter: 200, paymentWindow: '3 days' };

export function paymentWindowMs(policy: LeadLifecyclePolicy = DEFAULT_LEAD_POLICY): number {
  return msToNumber(policy.paymentWindow);
}


/** What a request to the lead carries besides its own data: the correlation id of the REST call. */
interface Correlated {
  readonly correlationId: string;
}

/**
 * An order to fulfil through the order saga (a child workflow) when a lead accepts the offer.
 * The card is a token of the card vault; the number never enters workflow history.
 */
export type LeadOrderRequest = Omit<OrderFulfilmentInput, 'correlationId'>;

export type RecordContactRequest = Correlated;
export interface SetFollowupRequest extends Correlated {
  readonly followupOn: string;
}
export interface UpdateContactDetailsRequest extends Correlated {
  readonly firstName: string;
  readonly lastName: string;
  readonly phoneNumber: string;
}
export interface SubmitOrderRequest extends Correlated {
  /** Default: the process's payment window after now. */
  readonly paymentDeadline?: string;
  /** With an order, the order saga takes the payment and its outcome confirms or fails it. */
  readonly order?: LeadOrderRequest;
}
export type ConfirmPaymentRequest = Correlated;
export interface CloseLeadRequest extends Correlated {
  readonly reason: string;
}

/** The messages a lead's process manager accepts from the outside, by the command they lead to. */
export type LeadRequest =
  | ({ readonly type: 'record-contact' } & RecordContactRequest)
  | ({ readonly type: 'set-followup' } & SetFollowupRequest)
  | ({ readonly type: 'update-contact-details' } & UpdateContactDetailsRequest)
  | ({ readonly type: 'submit-order' } & SubmitOrderRequest)
  | ({ readonly type: 'confirm-payment' } & ConfirmPaymentRequest)
  | ({ readonly type: 'close-lead' } & CloseLeadRequest);

export type LeadRequestType = LeadRequest['type'];

/** The Lead command a request stands for, decided at workflow time `now`. */
export function toLeadCommand(request: LeadRequest, leadId: string, now: Date, paymentWindowMs: number): LeadCommand {
  const at = now.toISOString();
  switch (request.type) {
    case 'record-contact':
      return { type: 'record-contact', leadId, now: at };
    case 'set-followup':
      return { type: 'set-followup', leadId, followupOn: request.followupOn, now: at };
    case 'update-contact-details': {
      const { firstName, lastName, phoneNumber } = request;
      return { type: 'update-contact-details', leadId, firstName, lastName, phoneNumber, now: at };
    }
    case 'submit-order': {
      const paymentDeadline = request.paymentDeadline ?? new Date(now.getTime() + paymentWindowMs).toISOString();
      return { type: 'submit-order', leadId, paymentDeadline, now: at };
    }
    case 'confirm-payment':
      return { type: 'confirm-payment', leadId, now: at };
    case 'close-lead':
      return { type: 'close-lead', leadId, reason: request.reason, now: at };
  }
}

export const LEAD_REQUEST_TYPES = [
  'record-contact',
  'set-followup',
  'update-contact-details',
  'submit-order',
  'confirm-payment',
  'close-lead',
] as const satisfies readonly LeadRequestType[];

/** A signal's payload comes from anywhere: it must at least name a known request type. */
export function isLeadRequest(value: unknown): value is LeadRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { type, correlationId } = value as { type?: unknown; correlationId?: unknown };
  return typeof correlationId === 'string' && (LEAD_REQUEST_TYPES as readonly unknown[]).includes(type);
}

/** The order saga a lead's submitted order runs as (a child workflow), and how it ended. */
export interface LeadOrderProgress {
  readonly orderId: string;
  readonly workflowId: string;
  /** Of the submit-order request; stamped on the payment outcome the order leads to. */
  readonly correlationId: string;
  status: 'RUNNING' | SagaStatus | 'FAILED';
  outcomeReason: string | null;
  /** The payment deadline passed while the saga ran: the lead asked it to cancel. */
  cancelRequested: boolean;
}

export interface Refusal {
  readonly code: string;
  readonly message: string;
}

/**
 * What the lead's process manager knows: the lead as stored (it adopts the state each append
 * returns), the timers it keeps, and its own bookkeeping. Answered by the `leadProcess` query
 * and carried across continue-as-new.
 */
export interface LeadProcessState {
  readonly leadId: string;
  lead: LeadState;
  /** Version of the lead's stream `lead` reflects. */
  version: number;
  /** While PENDING_PAYMENT: when the payment must have arrived. */
  paymentDeadline: string | null;
  /** The latest order submitted with order lines (null for a manually paid order). */
  order: LeadOrderProgress | null;
  /** The `followup-on` whose `followup-due` has been recorded (so its timer does not fire again). */
  followupDueRecordedFor: string | null;
  /** Of the request that armed the current timer (followup-set or order-submitted); stamped on what the timer appends. */
  timerCorrelationId: string | null;
  /** The first run could not initialize the lead. */
  initFailure: Refusal | null;
  /** Updates, signals and timers handled over the lead's whole life. */
  messagesHandled: number;
  /** The same, in this run (continue-as-new resets it). */
  messagesThisRun: number;
  /** 1 for the first run, +1 per continue-as-new. */
  run: number;
  /** The latest refusals of fire-and-forget signals and timer steps, newest last. */
  notes: string[];
}

export function newLeadProcess(leadId: string): LeadProcessState {
  return {
    leadId,
    lead: null,
    version: 0,
    paymentDeadline: null,
    order: null,
    followupDueRecordedFor: null,
    timerCorrelationId: null,
    initFailure: null,
    messagesHandled: 0,
    messagesThisRun: 0,
    run: 1,
    notes: [],
  };
}

/** Search attributes of every run; keep in step with scripts/search-attributes.txt (a unit test checks). */
export const LeadIdAttribute = defineSearchAttributeKey('LeadId', SearchAttributeType.KEYWORD);
export const LeadStatusAttribute = defineSearchAttributeKey('LeadStatus', SearchAttributeType.KEYWORD);
export const LEAD_SEARCH_ATTRIBUTES = [LeadIdAttribute, LeadStatusAttribute] as const;
