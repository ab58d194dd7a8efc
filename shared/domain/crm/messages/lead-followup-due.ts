import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { LeadIdSchema } from '../lead-id';
import type { FollowupDue } from '../lead/lead-events';

export const LeadFollowupDueV1 = z.object({
  leadId: LeadIdSchema,
  followupOn: z.iso.datetime().meta({ description: 'The follow-up date that arrived' }),
  link: z.string().meta({ description: 'The lead in the query API (GET with a key of the queries scope)', example: '/leads/12' }),
});

export const leadFollowupDueV1 = defineMessage<FollowupDue, typeof LeadFollowupDueV1>({
  type: 'crm.lead-followup-due',
  version: 1,
  context: 'crm',
  kind: 'notification',
  description: "A lead's follow-up date arrived: time to call. Fetch the link for the lead's details.",
  why: 'A sales team\'s call list only needs to know which lead is due; the lead\'s name and phone number are personal data it fetches when it calls.',
  schema: LeadFollowupDueV1,
  derivedFrom: ['followup-due'],
  translate: ({ payload }) => ({ leadId: payload['lead-id'], followupOn: payload['followup-on'], link: `/leads/${encodeURIComponent(payload['lead-id'])}` }),
});
