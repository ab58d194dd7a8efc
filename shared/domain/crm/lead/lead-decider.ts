import type { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import type { DomainRejection } from '../../kernel/domain-rejection';
import { PhoneNumber } from '../../kernel/phone-number';
import { parseValue } from '../../kernel/validation-error';
import { epochMillis } from '../iso-timestamp';
import { PersonName } from '../person-name';
import {
  CloseLeadSchema,
  ConfirmPaymentSchema,
  InitializeLeadSchema,
  RecordContactSchema,
  RecordFollowupDueSchema,
  RecordPaymentFailureSchema,
  SetFollowupSchema,
  SubmitOrderSchema,
  UpdateContactDetailsSchema,
  type LeadCommand,
  type LeadCommandType,
} from './lead-commands';
import type { LeadEvent } from './lead-events';
import { LEAD_REJECTION, leadRejection, type LeadRejectionCode } from './lead-rejections';
import { initialLeadState, type Lead, type LeadState } from './lead-state';

/**
 * The Lead aggregate. Transitions (the talk's sales flow):
 *
 *   NEW_LEAD | FOLLOWUP_SET | PAYMENT_FAILED ──record-contact──> same status (a call; its outcome follows)
 *                                            ──set-followup────> FOLLOWUP_SET
 *                                            ──submit-order────> PENDING_PAYMENT
 *                                            ──close-lead──────> CLOSED
 *   PENDING_PAYMENT ──confirm-payment──> CONVERTED
 *                   ──record-payment-failure──> PAYMENT_FAILED
 *   FOLLOWUP_SET ──record-followup-due (at or after followup-on)──> same status
 *
 * Contact details can be updated in any status but CLOSED and CONVERTED (an identical update
 * decides no event). CLOSED and CONVERTED accept no command; PENDING_PAYMENT accepts only the
 * payment outcome and a contact-details update. Retries are the event store's business
 * (idempotency key), so a repeated command is refused like any other invalid transition.
 *
 * Event timestamps never go backwards within a stream: an event is stamped
 * max(now, lead.updatedOn), so a slightly skewed clock cannot reorder the history; the
 * business rules (deadline in the future, follow-up due) use `now` itself.
 */
export function decideLead(command: LeadCommand, state: LeadState): readonly LeadEvent[] {
  switch (command.type) {
    case 'initialize-lead':
      return initialize(parse(InitializeLeadSchema, command), state);

    case 'record-contact': {
      const { at, refuseWhilePaymentPending } = activeLead(command.type, parse(RecordContactSchema, command), state);
      refuseWhilePaymentPending();
      return [{ type: 'contacted', payload: at }];
    }

    case 'set-followup': {
      const data = parse(SetFollowupSchema, command);
      const { at, refuse, refuseWhilePaymentPending } = activeLead(command.type, data, state);
      refuseWhilePaymentPending();
      if (epochMillis(data.followupOn) <= epochMillis(data.now)) {
        throw refuse(LEAD_REJECTION.followupNotInFuture, `The follow-up date must be after ${data.now}`, {
          followupOn: data.followupOn,
          now: data.now,
        });
      }
      return [{ type: 'followup-set', payload: { ...at, 'followup-on': data.followupOn } }];
    }

    case 'update-contact-details': {
      const data = parse(UpdateContactDetailsSchema, command);
      const { lead, at } = activeLead(command.type, data, state);
      const name = PersonName.of(data);
      const phone = PhoneNumber.of(data.phoneNumber);
      const unchanged =
        name.firstName === lead.firstName && name.lastName === lead.lastName && phone.value === lead.phoneNumber;
      if (unchanged) return [];
      const { 'lead-id': leadId, timestamp } = at;
      return [
        {
          type: 'contact-details-updated',
          payload: {
            'lead-id': leadId,
            'first-name': name.firstName,
            'last-name': name.lastName,
            'phone-number': phone.value,
            timestamp,
          },
        },
      ];
    }

    case 'submit-order': {
      const data = parse(SubmitOrderSchema, command);
      const { at, refuse, refuseWhilePaymentPending } = activeLead(command.type, data, state);
      refuseWhilePaymentPending();
      if (epochMillis(data.paymentDeadline) <= epochMillis(data.now)) {
        throw refuse(LEAD_REJECTION.paymentDeadlineNotInFuture, `The payment deadline must be after ${data.now}`, {
          paymentDeadline: data.paymentDeadline,
          now: data.now,
        });
      }
      return [{ type: 'order-submitted', payload: { ...at, 'payment-deadline': data.paymentDeadline } }];
    }

    case 'confirm-payment': {
      const { at, requirePaymentPending } = activeLead(command.type, parse(ConfirmPaymentSchema, command), state);
      requirePaymentPending();
      return [{ type: 'payment-confirmed', payload: { ...at, status: 'converted' } }];
    }

    case 'record-payment-failure': {
      const data = parse(RecordPaymentFailureSchema, command);
      const { at, requirePaymentPending } = activeLead(command.type, data, state);
      requirePaymentPending();
      return [{ type: 'payment-failed', payload: { ...at, status: 'payment-failed', reason: data.reason } }];
    }

    case 'close-lead': {
      const data = parse(CloseLeadSchema, command);
      const { at, refuseWhilePaymentPending } = activeLead(command.type, data, state);
      refuseWhilePaymentPending();
      return [{ type: 'lead-closed', payload: { ...at, reason: data.reason } }];
    }

    case 'record-followup-due': {
      const data = parse(RecordFollowupDueSchema, command);
      const { lead, at, refuse } = activeLead(command.type, data, state);
      if (lead.status !== 'FOLLOWUP_SET' || lead.followupOn === null) {
        throw refuse(LEAD_REJECTION.followupNotSet, `Lead ${lead.leadId} has no follow-up scheduled (status ${lead.status})`);
      }
      if (lead.followupOn !== data.followupOn) {
        throw refuse(
          LEAD_REJECTION.followupRescheduled,
          `The follow-up of lead ${lead.leadId} was rescheduled to ${lead.followupOn}`,
          { followupOn: data.followupOn, scheduledFollowupOn: lead.followupOn },
        );
      }
      if (epochMillis(data.now) < epochMillis(data.followupOn)) {
        throw refuse(
          LEAD_REJECTION.followupNotDue,
          `The follow-up of lead ${lead.leadId} is not due before ${data.followupOn}`,
          { followupOn: data.followupOn, now: data.now },
        );
      }
      return [{ type: 'followup-due', payload: { ...at, 'followup-on': data.followupOn } }];
    }
  }
}

function parse<T>(schema: z.ZodType<T>, command: LeadCommand): T {
  return parseValue(schema, command, 'command');
}

function initialize(data: z.output<typeof InitializeLeadSchema>, state: LeadState): LeadEvent[] {
  if (state !== null) {
    throw leadRejection(LEAD_REJECTION.alreadyInitialized, `Lead ${state.leadId} is already initialized`, {
      leadId: data.leadId,
      command: 'initialize-lead',
      status: state.status,
    });
  }
  const name = PersonName.of(data);
  return [
    {
      type: 'lead-initialized',
      payload: {
        'lead-id': data.leadId,
        'first-name': name.firstName,
        'last-name': name.lastName,
        'phone-number': PhoneNumber.of(data.phoneNumber).value,
        timestamp: data.now,
      },
    },
  ];
}

/** The lead a command other than initialize-lead may act on, and helpers to decide about it. */
function activeLead(command: LeadCommandType, data: { readonly leadId: string; readonly now: string }, state: LeadState) {
  const { leadId } = data;
  if (state === null) {
    throw leadRejection(LEAD_REJECTION.notFound, `Lead ${leadId} does not exist`, { leadId, command });
  }
  const details = { leadId, command, status: state.status };
  if (state.leadId !== leadId) {
    throw leadRejection(LEAD_REJECTION.idMismatch, `Command for lead ${leadId} sent to lead ${state.leadId}`, {
      ...details,
      streamLeadId: state.leadId,
    });
  }
  if (state.status === 'CLOSED') {
    throw leadRejection(LEAD_REJECTION.alreadyClosed, `Lead ${leadId} is closed and accepts no further changes`, details);
  }
  if (state.status === 'CONVERTED') {
    throw leadRejection(
      LEAD_REJECTION.alreadyConverted,
      `Lead ${leadId} is converted into a customer; it can no longer be changed as a lead`,
      details,
    );
  }
  const lead: Lead = state;
  const refuse = (code: LeadRejectionCode, message: string, extra: Record<string, unknown> = {}): DomainRejection =>
    leadRejection(code, message, { ...details, ...extra });
  const timestamp = epochMillis(data.now) < epochMillis(lead.updatedOn) ? lead.updatedOn : data.now;
  return {
    lead,
    /** The fields every lead event starts with. */
    at: { 'lead-id': leadId, timestamp },
    refuse,
    refuseWhilePaymentPending(): void {
      if (lead.status === 'PENDING_PAYMENT') {
        throw refuse(
          LEAD_REJECTION.paymentPending,
          `Lead ${leadId} has an order awaiting payment; confirm or fail the payment first`,
        );
      }
    },
    requirePaymentPending(): void {
      if (lead.status !== 'PENDING_PAYMENT') {
        throw refuse(LEAD_REJECTION.paymentNotPending, `Lead ${leadId} has no order awaiting payment (status ${lead.status})`);
      }
    },
  };
}

export function evolveLead(state: LeadState, event: LeadEvent): LeadState {
  if (event.type === 'lead-initialized') {
    if (state !== null) return state;
    const p = event.payload;
    return {
      leadId: p['lead-id'],
      firstName: p['first-name'],
      lastName: p['last-name'],
      status: 'NEW_LEAD',
      phoneNumber: p['phone-number'],
      followupOn: null,
      createdOn: p.timestamp,
      updatedOn: p.timestamp,
      contactCount: 0,
      followupCount: 0,
    };
  }
  if (state === null) return state;
  const lead: Lead = { ...state, updatedOn: event.payload.timestamp };
  switch (event.type) {
    case 'contacted':
      return { ...lead, contactCount: state.contactCount + 1 };
    case 'followup-set':
      return {
        ...lead,
        status: 'FOLLOWUP_SET',
        followupOn: event.payload['followup-on'],
        followupCount: state.followupCount + 1,
      };
    case 'contact-details-updated':
      return {
        ...lead,
        firstName: event.payload['first-name'],
        lastName: event.payload['last-name'],
        phoneNumber: event.payload['phone-number'],
      };
    case 'order-submitted':
      return { ...lead, status: 'PENDING_PAYMENT', followupOn: null };
    case 'payment-confirmed':
      return { ...lead, status: 'CONVERTED', followupOn: null };
    case 'payment-failed':
      return { ...lead, status: 'PAYMENT_FAILED', followupOn: null };
    case 'lead-closed':
      return { ...lead, status: 'CLOSED', followupOn: null };
    case 'followup-due':
      return lead;
  }
}

export const leadDecider: Decider<LeadCommand, LeadEvent, LeadState> = {
  initialState: initialLeadState,
  decide: decideLead,
  evolve: evolveLead,
};
