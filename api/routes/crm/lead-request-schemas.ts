import { z } from 'zod';
import { epochMillis, IsoTimestampSchema } from '../../../shared/domain/crm/iso-timestamp';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import { LeadIdSchema } from '../../../shared/domain/crm/lead-id';
import { LEAD_STATUSES } from '../../../shared/domain/crm/lead/lead-status';
import { NamePartSchema } from '../../../shared/domain/crm/person-name';
import { CustomerIdSchema, OrderIdSchema } from '../../../shared/domain/kernel/identifiers';
import { PhoneNumberSchema } from '../../../shared/domain/kernel/phone-number';
import { ShippingAddressSchema } from '../../../shared/domain/kernel/shipping-address';
import { ReasonSchema } from '../../../shared/domain/kernel/text';
import { PlaceOrderSchema } from '../../../shared/domain/ordering/order-schemas';
import { PaymentCardSchema } from '../../../shared/domain/payments/card-number';

export const LeadIdParams = z.object({ id: LeadIdSchema }).strict();

export const StartLeadRequest = z
  .object({
    leadId: LeadIdSchema.optional().describe('Business key; generated when absent. Repeating a start with the same id and details is idempotent.'),
    firstName: NamePartSchema,
    lastName: NamePartSchema,
    phoneNumber: PhoneNumberSchema,
  })
  .strict()
  .openapi('StartLeadRequest');

export const RecordContactRequest = z.object({}).strict().openapi('RecordContactRequest');

export const SetFollowupRequest = z
  .object({ followupOn: IsoTimestampSchema.describe('When to call again; must be in the future') })
  .strict()
  .openapi('SetFollowupRequest');

export const ContactDetailsRequest = z
  .object({ firstName: NamePartSchema, lastName: NamePartSchema, phoneNumber: PhoneNumberSchema })
  .strict()
  .openapi('ContactDetailsRequest');

export const LeadOrderRequest = z
  .object({
    orderId: OrderIdSchema.optional().describe('Generated when absent'),
    customerId: CustomerIdSchema.optional().describe('Default: lead-<lead id>'),
    lines: PlaceOrderSchema.shape.lines,
    shippingAddress: ShippingAddressSchema,
    payment: z.object({ card: PaymentCardSchema }).strict(),
  })
  .strict()
  .openapi('LeadOrderRequest');

export const SubmitOrderRequest = z
  .object({
    paymentDeadline: IsoTimestampSchema.optional().describe('Default: three days from now'),
    order: LeadOrderRequest.optional().describe(
      'Order lines to fulfil: the order fulfilment saga runs as a child of the lead and its outcome confirms or fails the payment. Without it, confirm the payment with POST /leads/{id}/payment-confirmations.',
    ),
  })
  .strict()
  .openapi('SubmitLeadOrderRequest');

export const ConfirmPaymentRequest = z.object({}).strict().openapi('ConfirmPaymentRequest');

export const CloseLeadRequest = z.object({ reason: ReasonSchema }).strict().openapi('CloseLeadRequest');

export const AsOfQuery = z
  .object({ asOf: IsoTimestampSchema.optional().describe('Rebuild the state as it was at this instant (inclusive)') })
  .strict();

/** A lead's events that happened at or before `asOf` (all of them when it is null). */
export function eventsAsOf(events: readonly LeadEvent[], asOf: string | null): readonly LeadEvent[] {
  if (asOf === null) return events;
  const limit = epochMillis(asOf);
  return events.filter((e) => epochMillis(e.payload.timestamp) <= limit);
}

export const LeadListQuery = z
  .object({
    status: z.enum(LEAD_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const LeadSchema = z
  .object({
    leadId: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    status: z.enum(LEAD_STATUSES),
    phoneNumber: z.string(),
    followupOn: z.string().nullable(),
    createdOn: z.string(),
    updatedOn: z.string(),
    contactCount: z.number().int(),
    followupCount: z.number().int(),
  })
  .openapi('Lead');

/** An event in the talk's "Rebuilding The Data" shape: lead-id, event-id, event-type, fields, timestamp. */
export const LeadHistoryEntrySchema = z
  .looseObject({ 'lead-id': z.string(), 'event-id': z.number().int(), 'event-type': z.string(), timestamp: z.string() })
  .openapi('LeadHistoryEntry');

export const LeadView = z
  .object({ lead: LeadSchema, version: z.number().int(), asOf: z.string().nullable(), links: z.record(z.string(), z.string()) })
  .openapi('LeadView');

export const LeadCommandResponse = z
  .object({
    leadId: z.string(),
    status: z.enum(LEAD_STATUSES),
    version: z.number().int(),
    appended: z.array(LeadHistoryEntrySchema).describe('The events this request appended (none for an unchanged contact-details update)'),
    lead: LeadSchema,
    paymentDeadline: z.string().nullable(),
    order: z.object({ orderId: z.string(), workflowId: z.string(), status: z.string(), outcomeReason: z.string().nullable() }).nullable(),
    links: z.record(z.string(), z.string()),
  })
  .openapi('LeadCommandResponse');

export const LeadListResponse = z
  .object({
    leads: z.array(LeadSchema.extend({ version: z.number().int() })),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('LeadList');
