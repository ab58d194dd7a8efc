import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { z } from 'zod';
import type { Lead } from '../../../shared/domain/crm/lead/lead-state';
import { EventStore } from '../../../shared/platform/event-store';
import { CardVault } from '../../../shared/adapters/card-vault';
import {
  LEAD_LIFECYCLE_WORKFLOW,
  LeadIdAttribute,
  leadInitializedUpdate,
  LeadStatusAttribute,
  leadWorkflowId,
  newLeadProcess,
  type LeadContact,
  type LeadLifecycleInput,
  type LeadLifecycleWorkflow,
  type LeadRequest,
} from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import type { ApiDeps } from '../../deps';
import { idempotencyKey } from '../../http/idempotency-key';
import { problems } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';
import { workflowProblem } from '../../http/workflow-errors';
import { newOrderId } from '../ordering/order-request-schemas';
import { commandResponse, LeadProcessClient } from './lead-workflow-calls';
import {
  CloseLeadRequest,
  ConfirmPaymentRequest,
  ContactDetailsRequest,
  LeadCommandResponse,
  LeadIdParams,
  RecordContactRequest,
  SetFollowupRequest,
  StartLeadRequest,
  SubmitOrderRequest,
} from './lead-request-schemas';

/**
 * Command side of the CRM: start a lead's process manager and send it the sales flow's
 * messages as Temporal updates. Each answers at once: 200 with the appended events, or 409
 * with the reason when the transition is refused (nothing is appended then). An
 * `Idempotency-Key` header makes a retried request the same update.
 */
export function registerLeadCommandRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const { client } = deps.temporal;
  const temporal = deps.config.temporal;
  const leads = new LeadProcessClient(client, new EventStore(deps.mongo.db));
  const cardVault = new CardVault(deps.mongo.db, deps.dataKeys);

  routes.add({
    method: 'post',
    path: '/leads',
    scope: 'commands',
    summary: "Start a lead's process manager (workflow lead-<id>), which appends lead-initialized",
    tags: ['crm'],
    body: StartLeadRequest,
    responses: {
      201: { description: 'Lead created; Location names it', schema: LeadCommandResponse },
      200: { description: 'The lead already exists with these details (idempotent repeat)', schema: LeadCommandResponse },
      409: { description: 'A lead with this id exists with other contact details' },
    },
    handler: async ({ body, correlationId }, res) => {
      const leadId = body.leadId ?? randomUUID().replaceAll('-', '').slice(0, 16);
      const contact: LeadContact = { firstName: body.firstName, lastName: body.lastName, phoneNumber: body.phoneNumber };
      res.setHeader('Location', `/leads/${leadId}`);
      const stored = await leads.load(leadId);
      if (stored.lead) {
        assertSameLead(stored.lead, contact);
        const process = (await leads.process(leadId)) ?? newLeadProcess(leadId);
        res.status(200).json(commandResponse({ appended: [], process: { ...process, lead: stored.lead, version: stored.version } }, temporal));
        return;
      }
      const handle = await startLead(leadId, contact, correlationId);
      const result = await handle.executeUpdate(leadInitializedUpdate).catch((err: unknown) => {
        throw workflowProblem(err, `lead ${leadId}`);
      });
      assertSameLead(result.process.lead as Lead, contact);
      res.status(result.appended.length > 0 ? 201 : 200).json(commandResponse(result, temporal));
    },
  });

  async function startLead(leadId: string, contact: LeadContact, correlationId: string): Promise<WorkflowHandle<LeadLifecycleWorkflow>> {
    const input: LeadLifecycleInput = { leadId, correlationId, contact };
    try {
      return await client.workflow.start<LeadLifecycleWorkflow>(LEAD_LIFECYCLE_WORKFLOW, {
        taskQueue: temporal.taskQueue,
        workflowId: leadWorkflowId(leadId),
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: new TypedSearchAttributes([
          { key: LeadIdAttribute, value: leadId },
          { key: LeadStatusAttribute, value: 'NEW_LEAD' },
        ]),
        staticSummary: `Sales lead ${leadId}`,
      });
    } catch (err) {
      // The id's process ran before and finished without storing a lead (its initialization was refused).
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw problems.conflict('lead-process-finished', `the process of lead ${leadId} has finished without storing the lead`);
      }
      throw err;
    }
  }

  /** One command route: validated body -> lead request -> update of the lead's process manager. */
  function command<B extends z.ZodType>(path: string, summary: string, body: B, toRequest: (body: z.output<B>, leadId: string, correlationId: string) => Promise<LeadRequest> | LeadRequest): void {
    routes.add({
      method: 'post',
      path: `/leads/:id/${path}`,
      scope: 'commands',
      summary,
      tags: ['crm'],
      params: LeadIdParams,
      body,
      idempotencyKeyHeader: true,
      responses: {
        200: { description: 'Accepted: the events appended and the lead after them', schema: LeadCommandResponse },
        404: { description: 'Unknown lead' },
        409: { description: 'Refused transition (problem type = rejection code, detail = reason); nothing changed' },
      },
      handler: async ({ params, body: data, correlationId }, res, req) => {
        const updateId = idempotencyKey(req);
        const request = await toRequest(data, params.id, correlationId);
        res.json(commandResponse(await leads.send(params.id, request, updateId), temporal));
      },
    });
  }

  command('contacts', 'Record a sales call (contacted)', RecordContactRequest, (_body, _leadId, correlationId) => ({
    type: 'record-contact',
    correlationId,
  }));

  command('followups', 'Schedule (or reschedule) a follow-up call (followup-set); followup-due is recorded when it arrives', SetFollowupRequest, (body, _leadId, correlationId) => ({
    type: 'set-followup',
    followupOn: body.followupOn,
    correlationId,
  }));

  command('contact-details', "Replace the lead's contact details (contact-details-updated)", ContactDetailsRequest, (body, _leadId, correlationId) => ({
    type: 'update-contact-details',
    ...body,
    correlationId,
  }));

  command(
    'orders',
    'The lead accepts the offer (order-submitted, PENDING_PAYMENT). With order lines the order saga runs and its outcome confirms or fails the payment; past the deadline the payment fails',
    SubmitOrderRequest,
    async (body, leadId, correlationId) => {
      const base = { type: 'submit-order' as const, correlationId, ...(body.paymentDeadline ? { paymentDeadline: body.paymentDeadline } : {}) };
      if (!body.order) return base;
      const { orderId, customerId, lines, shippingAddress, payment } = body.order;
      return {
        ...base,
        order: {
          orderId: orderId ?? newOrderId(),
          customerId: customerId ?? `lead-${leadId}`,
          lines,
          shippingAddress,
          // Tokenized at the edge: the card number never enters workflow history.
          payment: await cardVault.store(payment.card),
          policy: deps.config.orders,
        },
      };
    },
  );

  command('payment-confirmations', 'The payment of the submitted order arrived (payment-confirmed, CONVERTED)', ConfirmPaymentRequest, (_body, _leadId, correlationId) => ({
    type: 'confirm-payment',
    correlationId,
  }));

  command('close', 'The lead is not interested (lead-closed, CLOSED)', CloseLeadRequest, (body, _leadId, correlationId) => ({
    type: 'close-lead',
    reason: body.reason,
    correlationId,
  }));
}

function assertSameLead(lead: Lead, contact: LeadContact): void {
  if (lead.firstName !== contact.firstName || lead.lastName !== contact.lastName || lead.phoneNumber !== contact.phoneNumber) {
    throw problems.conflict('lead-already-initialized', `lead ${lead.leadId} already exists with other contact details`);
  }
}
