import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { LeadCommand } from '../../../shared/domain/crm/lead/lead-commands';
import { leadDecider } from '../../../shared/domain/crm/lead/lead-decider';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import { renderLeadHistory } from '../../../shared/domain/crm/lead/lead-history';
import type { Lead, LeadState } from '../../../shared/domain/crm/lead/lead-state';
import { leadStreamId } from '../../../shared/domain/crm/lead/lead-stream';
import { AggregateRepository, type EventStore } from '../../../shared/platform/event-store';
import { isDomainRejection } from '../../../shared/domain/kernel/domain-rejection';
import {
  closeLeadUpdate,
  confirmPaymentUpdate,
  leadProcessQuery,
  leadWorkflowId,
  paymentWindowMs,
  toLeadCommand,
  type LeadProcessState,
  type LeadRequest,
  recordContactUpdate,
  setFollowupUpdate,
  submitOrderUpdate,
  updateContactDetailsUpdate,
  type LeadStepResult,
} from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { problems } from '../../http/problem';
import { workflowProblem } from '../../http/workflow-errors';

export interface LeadLinkConfig {
  readonly uiUrl: string;
  readonly namespace: string;
}

export function leadLinks(leadId: string, temporal: LeadLinkConfig): Record<string, string> {
  return {
    lead: `/leads/${leadId}`,
    history: `/leads/${leadId}/history`,
    process: `/leads/${leadId}/process`,
    webUi: `${temporal.uiUrl}/namespaces/${temporal.namespace}/workflows/${leadWorkflowId(leadId)}`,
  };
}

/** The body of every accepted lead command: the appended events in the talk's shape, and the lead after them. */
export function commandResponse(result: { readonly appended: readonly LeadEvent[]; readonly process: LeadProcessState }, temporal: LeadLinkConfig) {
  const { process, appended } = result;
  const lead = process.lead as Lead;
  const firstId = process.version - appended.length;
  return {
    leadId: process.leadId,
    status: lead.status,
    version: process.version,
    appended: renderLeadHistory(appended).map((entry, i) => ({ ...entry, 'event-id': firstId + i })),
    lead,
    paymentDeadline: process.paymentDeadline,
    order: process.order
      ? { orderId: process.order.orderId, workflowId: process.order.workflowId, status: process.order.status, outcomeReason: process.order.outcomeReason }
      : null,
    links: leadLinks(process.leadId, temporal),
  };
}

/**
 * Talks to leads' process managers. `send` delivers a request as its update and maps the
 * answer: a refusal of the validator (or of the append) is 409 with the rejection code and
 * reason. A lead whose process is not running takes no updates (Temporal answers "not found"):
 * an unknown lead is 404, a finished one (CLOSED, CONVERTED) gets the Lead decider's refusal
 * from its stored state. A run that has just continued as new is retried.
 */
export class LeadProcessClient {
  private readonly leads: AggregateRepository<LeadCommand, LeadEvent, LeadState>;

  constructor(
    private readonly client: Client,
    store: EventStore,
  ) {
    this.leads = new AggregateRepository(store, leadDecider);
  }

  handle(leadId: string): WorkflowHandle {
    return this.client.workflow.getHandle(leadWorkflowId(leadId));
  }

  async send(leadId: string, request: LeadRequest, updateId?: string): Promise<LeadStepResult> {
    const handle = this.handle(leadId);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await sendUpdate(handle, request, updateId);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw workflowProblem(err, `lead ${leadId}`);
        if (attempt < 3 && (await isRunning(handle))) continue;
        throw await this.refusalFromStore(leadId, request);
      }
    }
  }

  /** The lead as stored, or null when its stream is empty. */
  async load(leadId: string): Promise<{ lead: LeadState; version: number }> {
    const { state, version } = await this.leads.load(leadStreamId(leadId));
    return { lead: state, version };
  }

  /** The process manager's live state, or null when it cannot answer (no such workflow, no worker). */
  async process(leadId: string): Promise<LeadProcessState | null> {
    try {
      return await this.handle(leadId).query(leadProcessQuery);
    } catch {
      return null;
    }
  }

  private async refusalFromStore(leadId: string, request: LeadRequest): Promise<unknown> {
    const { lead } = await this.load(leadId);
    if (lead === null) return problems.notFound(`lead ${leadId} does not exist`);
    try {
      leadDecider.decide(toLeadCommand(request, leadId, new Date(), paymentWindowMs()), lead);
    } catch (err) {
      if (isDomainRejection(err)) return problems.conflict(err.code, err.message);
      throw err;
    }
    return problems.conflict('lead-process-not-running', `the process manager of lead ${leadId} is not running (lead status ${lead.status})`);
  }
}

function sendUpdate(handle: WorkflowHandle, request: LeadRequest, updateId: string | undefined): Promise<LeadStepResult> {
  const id = updateId ? { updateId } : {};
  switch (request.type) {
    case 'record-contact': {
      const { type: _type, ...data } = request;
      return handle.executeUpdate(recordContactUpdate, { args: [data], ...id });
    }
    case 'set-followup': {
      const { type: _type, ...data } = request;
      return handle.executeUpdate(setFollowupUpdate, { args: [data], ...id });
    }
    case 'update-contact-details': {
      const { type: _type, ...data } = request;
      return handle.executeUpdate(updateContactDetailsUpdate, { args: [data], ...id });
    }
    case 'submit-order': {
      const { type: _type, ...data } = request;
      return handle.executeUpdate(submitOrderUpdate, { args: [data], ...id });
    }
    case 'confirm-payment': {
      const { type: _type, ...data } = request;
      return handle.executeUpdate(confirmPaymentUpdate, { args: [data], ...id });
    }
    case 'close-lead': {
      const { type: _type, ...data } = request;
      return handle.executeUpdate(closeLeadUpdate, { args: [data], ...id });
    }
  }
}

async function isRunning(handle: WorkflowHandle): Promise<boolean> {
  try {
    return (await handle.describe()).status.name === 'RUNNING';
  } catch {
    return false;
  }
}
