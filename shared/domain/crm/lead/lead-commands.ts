import { z } from 'zod';
import { PhoneNumberSchema } from '../../kernel/phone-number';
import { ReasonSchema } from '../../kernel/text';
import { IsoTimestampSchema } from '../iso-timestamp';
import { LeadIdSchema } from '../lead-id';
import { NamePartSchema } from '../person-name';

/**
 * Plain JSON commands (they cross Temporal activity boundaries); `decide` parses each with its
 * schema below and refuses invalid data with a ValidationError ('invalid-value'). Every command
 * names its lead, which must be the stream's. `now` is the moment the command is decided
 * (ISO-8601), so that `decide` stays pure; the lead's events are stamped with it.
 */
export interface InitializeLead {
  readonly type: 'initialize-lead';
  readonly leadId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phoneNumber: string;
  readonly now: string;
}

/** A sales call took place; its outcome is a separate command. */
export interface RecordContact {
  readonly type: 'record-contact';
  readonly leadId: string;
  readonly now: string;
}

/** The call ended with a follow-up call scheduled, or rescheduled, for `followupOn`. */
export interface SetFollowup {
  readonly type: 'set-followup';
  readonly leadId: string;
  readonly followupOn: string;
  readonly now: string;
}

/** Replaces the contact details; the event carries all of them. */
export interface UpdateContactDetails {
  readonly type: 'update-contact-details';
  readonly leadId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phoneNumber: string;
  readonly now: string;
}

/** The person accepted the offer and must pay by `paymentDeadline`. */
export interface SubmitOrder {
  readonly type: 'submit-order';
  readonly leadId: string;
  readonly paymentDeadline: string;
  readonly now: string;
}

export interface ConfirmPayment {
  readonly type: 'confirm-payment';
  readonly leadId: string;
  readonly now: string;
}

/** The payment was declined, or its deadline passed (e.g. reason "payment-deadline-passed"). */
export interface RecordPaymentFailure {
  readonly type: 'record-payment-failure';
  readonly leadId: string;
  readonly reason: string;
  readonly now: string;
}

/** The person is not interested (e.g. reason "not-interested"). */
export interface CloseLead {
  readonly type: 'close-lead';
  readonly leadId: string;
  readonly reason: string;
  readonly now: string;
}

/** The process manager's durable timer for the follow-up at `followupOn` fired. */
export interface RecordFollowupDue {
  readonly type: 'record-followup-due';
  readonly leadId: string;
  readonly followupOn: string;
  readonly now: string;
}

export type LeadCommand =
  | InitializeLead
  | RecordContact
  | SetFollowup
  | UpdateContactDetails
  | SubmitOrder
  | ConfirmPayment
  | RecordPaymentFailure
  | CloseLead
  | RecordFollowupDue;

export type LeadCommandType = LeadCommand['type'];

/** A command's data: everything but its `type`. */
export type LeadCommandData<C extends LeadCommand> = Omit<C, 'type'>;

/*
 * One schema per command, for the data without `type` (unknown keys such as `type` are
 * stripped). Output: trimmed names, E.164 phone numbers, UTC timestamps. The API can reuse
 * them for request bodies with `.pick()` / `.omit({ leadId: true, now: true })`.
 */
export const InitializeLeadSchema = z
  .object({
    leadId: LeadIdSchema,
    firstName: NamePartSchema,
    lastName: NamePartSchema,
    phoneNumber: PhoneNumberSchema,
    now: IsoTimestampSchema,
  })
  .meta({ description: 'A new sales lead' }) satisfies z.ZodType<LeadCommandData<InitializeLead>>;

export const RecordContactSchema = z
  .object({ leadId: LeadIdSchema, now: IsoTimestampSchema })
  .meta({ description: 'A sales call took place' }) satisfies z.ZodType<LeadCommandData<RecordContact>>;

export const SetFollowupSchema = z
  .object({ leadId: LeadIdSchema, followupOn: IsoTimestampSchema, now: IsoTimestampSchema })
  .meta({ description: 'A follow-up call is scheduled' }) satisfies z.ZodType<LeadCommandData<SetFollowup>>;

export const UpdateContactDetailsSchema = z
  .object({
    leadId: LeadIdSchema,
    firstName: NamePartSchema,
    lastName: NamePartSchema,
    phoneNumber: PhoneNumberSchema,
    now: IsoTimestampSchema,
  })
  .meta({ description: "The lead's complete new contact details" }) satisfies z.ZodType<
  LeadCommandData<UpdateContactDetails>
>;

export const SubmitOrderSchema = z
  .object({ leadId: LeadIdSchema, paymentDeadline: IsoTimestampSchema, now: IsoTimestampSchema })
  .meta({ description: 'The lead accepted the offer; payment is due by the deadline' }) satisfies z.ZodType<
  LeadCommandData<SubmitOrder>
>;

export const ConfirmPaymentSchema = z
  .object({ leadId: LeadIdSchema, now: IsoTimestampSchema })
  .meta({ description: 'The payment of the submitted order arrived' }) satisfies z.ZodType<
  LeadCommandData<ConfirmPayment>
>;

export const RecordPaymentFailureSchema = z
  .object({ leadId: LeadIdSchema, reason: ReasonSchema, now: IsoTimestampSchema })
  .meta({ description: 'The payment of the submitted order failed' }) satisfies z.ZodType<
  LeadCommandData<RecordPaymentFailure>
>;

export const CloseLeadSchema = z
  .object({ leadId: LeadIdSchema, reason: ReasonSchema, now: IsoTimestampSchema })
  .meta({ description: 'The lead is not interested' }) satisfies z.ZodType<LeadCommandData<CloseLead>>;

export const RecordFollowupDueSchema = z
  .object({ leadId: LeadIdSchema, followupOn: IsoTimestampSchema, now: IsoTimestampSchema })
  .meta({ description: 'The follow-up date of the lead arrived' }) satisfies z.ZodType<
  LeadCommandData<RecordFollowupDue>
>;

/** The schema of each command type. */
export const LEAD_COMMAND_SCHEMAS = {
  'initialize-lead': InitializeLeadSchema,
  'record-contact': RecordContactSchema,
  'set-followup': SetFollowupSchema,
  'update-contact-details': UpdateContactDetailsSchema,
  'submit-order': SubmitOrderSchema,
  'confirm-payment': ConfirmPaymentSchema,
  'record-payment-failure': RecordPaymentFailureSchema,
  'close-lead': CloseLeadSchema,
  'record-followup-due': RecordFollowupDueSchema,
} as const satisfies Record<LeadCommandType, z.ZodType>;
