import type { OrderFulfilmentInput } from '../../ordering/order-fulfilment/order-fulfilment-saga';
import type { LeadCommand } from '../../../shared/crm/lead/lead-commands';

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

/** Reasons built from failure messages can exceed the 500 characters a reason may have. */
export function clipReason(reason: string): string {
  const trimmed = reason.trim() || 'unknown';
  return trimmed.length <= 500 ? trimmed : `${trimmed.slice(0, 497)}...`;
}
