import { condition, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  closeLeadUpdate,
  confirmPaymentUpdate,
  leadInitializedUpdate,
  leadProcessQuery,
  leadRequestSignal,
  recordContactUpdate,
  setFollowupUpdate,
  submitOrderUpdate,
  updateContactDetailsUpdate,
  type LeadRequest,
  type LeadStepResult,
} from './lead-lifecycle-contract';
import { refusalFailure, type LeadProcess } from './lead-process';

/**
 * The lead process manager's message handlers, apart from its forward path (Temporal's
 * safe-message-handlers style): one update per business request, validated with the Lead decider
 * before it is accepted (a refusal never reaches history) and performed one at a time; the same
 * requests fire-and-forget as a signal; the state query; the wait for initialization.
 */
export class LeadHandlers {
  constructor(private readonly process: LeadProcess) {}

  register(): void {
    const { process } = this;
    const { state } = process;
    setHandler(leadProcessQuery, () => state, { description: 'The lead, its timers, its order and the process bookkeeping' });
    setHandler(
      leadInitializedUpdate,
      async () => {
        await condition(() => state.lead !== null || state.initFailure !== null);
        if (state.initFailure) throw refusalFailure(state.initFailure);
        return { appended: process.initialized, process: state };
      },
      { description: 'Wait until the lead-initialized event is stored' },
    );
    this.request(recordContactUpdate, (r) => ({ type: 'record-contact', ...r }), 'A sales call took place');
    this.request(setFollowupUpdate, (r) => ({ type: 'set-followup', ...r }), 'The call ended with a follow-up call scheduled');
    this.request(updateContactDetailsUpdate, (r) => ({ type: 'update-contact-details', ...r }), "Replace the lead's contact details");
    this.request(
      submitOrderUpdate,
      (r) => ({ type: 'submit-order', ...r }),
      'The lead accepted the offer; payment is due by the deadline (with order lines: the order saga takes it)',
    );
    this.request(confirmPaymentUpdate, (r) => ({ type: 'confirm-payment', ...r }), 'The payment of the submitted order arrived');
    this.request(closeLeadUpdate, (r) => ({ type: 'close-lead', ...r }), 'The lead is not interested');
    setHandler(leadRequestSignal, (request) => process.lock.run(() => process.acceptSignal(request)), {
      description: 'Any lead request, fire and forget: a refused one is noted in the process state',
    });
  }

  /** One update per request type: validated at once, then performed as a step. */
  private request<A>(update: UpdateDefinition<LeadStepResult, [A]>, toRequest: (args: A) => LeadRequest, description: string): void {
    setHandler(update, (args) => this.process.accept(toRequest(args)), { validator: (args) => this.process.check(toRequest(args)), description });
  }
}
