import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  getExternalWorkflowHandle,
  proxyActivities,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { LeadLifecycleActivities } from '../../../activities/crm/lead-lifecycle-activities';
import type { LeadCommand } from '../../../shared/domain/crm/lead/lead-commands';
import { decideLead } from '../../../shared/domain/crm/lead/lead-decider';
import type { LeadEvent } from '../../../shared/domain/crm/lead/lead-events';
import { isDomainRejection } from '../../../shared/domain/kernel/domain-rejection';
import { failureReason } from '../../kernel/failure-reason';
import { cancelOrderSignal, orderWorkflowId } from '../../ordering/order-fulfilment/order-fulfilment-contract';
import { orderFulfilmentSaga } from '../../ordering/order-fulfilment/order-fulfilment-saga';
import { describeLead } from './lead-summary';
import {
  DEFAULT_LEAD_POLICY,
  isLeadRequest,
  LeadIdAttribute,
  LeadStatusAttribute,
  newLeadProcess,
  paymentWindowMs,
  toLeadCommand,
  type LeadLifecycleInput,
  type LeadLifecyclePolicy,
  type LeadOrderRequest,
  type LeadProcessState,
  type LeadRequest,
  type LeadStepResult,
  type Refusal,
} from './lead-lifecycle-contract';
import { addNote, carryOver, clipReason, isOrderRunning, isSettled, nextTimer, type LeadTimer } from './process-state';
import { StepLock } from './step-lock';

// No attempt limit: the process manager adopts the state each append returns, so an append must
// not be given up on while its outcome is unknown. Refusals are non-retryable and end at once.
const leadActivities = (summary: string) =>
  proxyActivities<LeadLifecycleActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
    summary,
  });

export interface OrderOutcome {
  readonly status: string;
  readonly reason: string | null;
}

/**
 * What the lead's process manager knows and does: its state, the Lead decider's verdict on a
 * request, each step (append through the activity and adopt the stored state), the order saga it
 * runs as a child, and the timers' actions. One step at a time (StepLock); the forward path
 * (lead-lifecycle.ts) and the message handlers (lead-handlers.ts) call into it.
 */
export class LeadProcess {
  readonly state: LeadProcessState;
  readonly policy: LeadLifecyclePolicy;
  readonly lock = new StepLock();
  /** Bumped on every change of `state`; the forward path wakes on it to re-arm its timer. */
  revision = 0;
  /** The events of the lead's initialization, for the awaitInitialized update. */
  initialized: readonly LeadEvent[] = [];
  /** Set when the order saga (a child) ends, until the forward path settles it. */
  orderOutcome: OrderOutcome | null = null;
  private publishedStatus: string | null = null;
  private readonly paymentWindow: number;

  constructor(private readonly input: LeadLifecycleInput) {
    this.policy = { ...DEFAULT_LEAD_POLICY, ...input.policy };
    this.paymentWindow = paymentWindowMs(this.policy);
    this.state = input.carried ?? newLeadProcess(input.leadId);
    upsertSearchAttributes([{ key: LeadIdAttribute, value: input.leadId }]);
    this.publish();
  }

  get isOpen(): boolean {
    return this.state.initFailure === null && !isSettled(this.state.lead);
  }

  /** The input of the next run after continue-as-new. */
  nextRun(): LeadLifecycleInput {
    return {
      leadId: this.input.leadId,
      correlationId: this.input.correlationId,
      carried: carryOver(this.state),
      ...(this.input.policy ? { policy: this.input.policy } : {}),
    };
  }

  continueAsNewDue(): boolean {
    if (isSettled(this.state.lead) || isOrderRunning(this.state) || this.orderOutcome !== null) return false;
    return this.state.messagesThisRun >= this.policy.continueAsNewAfter || workflowInfo().continueAsNewSuggested;
  }

  /** Why the process refuses a request now, or null: the Lead decider's verdict at workflow time. */
  refusalOf(request: LeadRequest): Refusal | null {
    const { state } = this;
    if (request.type === 'confirm-payment' && state.order && isOrderRunning(state)) {
      return {
        code: 'payment-follows-order',
        message: `The payment of lead ${state.leadId} is taken by order ${state.order.orderId}; its outcome confirms or fails it`,
      };
    }
    try {
      decideLead(toLeadCommand(request, state.leadId, new Date(), this.paymentWindow), state.lead);
      return null;
    } catch (err) {
      if (isDomainRejection(err)) return { code: err.code, message: err.message };
      throw err;
    }
  }

  /** An accepted update: validated again (a step that ran meanwhile may have changed the lead), then performed. */
  async accept(request: LeadRequest): Promise<LeadStepResult> {
    return this.lock.run(async () => {
      this.countMessage();
      this.check(request);
      try {
        return { appended: await this.perform(request), process: this.state };
      } catch (err) {
        const refusal = refusalFromFailure(err);
        throw refusal ? refusalFailure(refusal) : err;
      }
    });
  }

  /** Update validator: refuses before the update is accepted, so nothing reaches history. */
  check(request: LeadRequest): void {
    const refusal = this.refusalOf(request);
    if (refusal) throw refusalFailure(refusal);
  }

  /** A fire-and-forget request: a refused one is noted, not thrown. */
  async acceptSignal(request: LeadRequest): Promise<void> {
    this.countMessage();
    if (!isLeadRequest(request)) {
      addNote(this.state, 'signal ignored: not a lead request');
      return this.publish();
    }
    const refusal = this.refusalOf(request);
    if (refusal) return this.noteRefusal(request.type, refusal);
    try {
      await this.perform(request);
    } catch (err) {
      const failed = refusalFromFailure(err);
      if (!failed) throw err;
      this.noteRefusal(request.type, failed);
    }
  }

  async initialize(): Promise<void> {
    this.countMessage();
    const { input, state } = this;
    if (!input.contact) {
      state.initFailure = { code: 'lead-contact-missing', message: `Lead ${input.leadId} was started without contact details` };
      return this.publish();
    }
    try {
      this.initialized = await this.execute({ type: 'initialize-lead', leadId: input.leadId, ...input.contact, now: nowIso() }, input.correlationId);
    } catch (err) {
      const refusal = refusalFromFailure(err);
      if (!refusal) throw err;
      state.initFailure = refusal;
      this.publish();
    }
  }

  /** The order saga ended: COMPLETED confirms the payment, anything else fails it. */
  async settleOrder(outcome: OrderOutcome): Promise<void> {
    const { state } = this;
    const order = state.order;
    if (!order) return;
    this.countMessage();
    order.status = outcome.status as typeof order.status;
    order.outcomeReason = outcome.reason;
    if (state.lead?.status !== 'PENDING_PAYMENT') {
      addNote(state, `order ${order.orderId} ended ${outcome.status} while the lead was ${state.lead?.status ?? 'unknown'}`);
      return this.publish();
    }
    const now = nowIso();
    const status = outcome.status.toLowerCase();
    const command: LeadCommand =
      outcome.status === 'COMPLETED'
        ? { type: 'confirm-payment', leadId: state.leadId, now }
        : {
            type: 'record-payment-failure',
            leadId: state.leadId,
            now,
            reason: clipReason(
              order.cancelRequested
                ? `payment-deadline-passed: order ${order.orderId} ${status}`
                : `order ${order.orderId} ${status}: ${outcome.reason ?? 'no reason given'}`,
            ),
          };
    await this.executeOrNote(command, order.correlationId);
  }

  /** A durable timer fired: record the follow-up as due, or act on the passed payment deadline. */
  async fire(timer: LeadTimer): Promise<void> {
    const { state } = this;
    const current = nextTimer(state);
    if (!current || current.kind !== timer.kind || current.at !== timer.at || Date.now() < Date.parse(timer.at)) return;
    this.countMessage();
    const correlationId = state.timerCorrelationId ?? this.input.correlationId;
    if (timer.kind === 'followup-due') {
      await this.executeOrNote({ type: 'record-followup-due', leadId: state.leadId, followupOn: timer.at, now: nowIso() }, correlationId);
      state.followupDueRecordedFor = timer.at;
      return this.publish();
    }
    if (state.order && isOrderRunning(state)) {
      // The saga may be holding stock or a payment: ask it to cancel (a business cancel) and compensate; its outcome decides.
      state.order.cancelRequested = true;
      try {
        await getExternalWorkflowHandle(state.order.workflowId).signal(cancelOrderSignal, { reason: `payment deadline ${timer.at} passed` });
      } catch (err) {
        addNote(state, `cancelling order ${state.order.orderId} failed: ${failureReason(err)}`);
      }
      return this.publish();
    }
    await this.executeOrNote({ type: 'record-payment-failure', leadId: state.leadId, reason: 'payment-deadline-passed', now: nowIso() }, correlationId);
  }

  publish(): void {
    this.revision += 1;
    const status = this.state.lead?.status ?? null;
    if (status !== null && status !== this.publishedStatus) {
      upsertSearchAttributes([{ key: LeadStatusAttribute, value: status }]);
      this.publishedStatus = status;
    }
    describeLead(this.state);
  }

  private countMessage(): void {
    this.state.messagesHandled += 1;
    this.state.messagesThisRun += 1;
  }

  private async perform(request: LeadRequest): Promise<readonly LeadEvent[]> {
    const command = toLeadCommand(request, this.state.leadId, new Date(), this.paymentWindow);
    const appended = await this.execute(command, request.correlationId);
    if (request.type === 'submit-order' && request.order && this.state.lead?.status === 'PENDING_PAYMENT') {
      await this.startOrder(request.order, request.correlationId);
    }
    return appended;
  }

  /** Appends through the activity and adopts the stored state it returns. */
  private async execute(command: LeadCommand, correlationId: string): Promise<readonly LeadEvent[]> {
    const { state } = this;
    const outcome = await leadActivities(command.type).executeLeadCommand({ command, correlationId });
    state.lead = outcome.state;
    state.version = outcome.version;
    for (const event of outcome.appended) {
      if (event.type === 'order-submitted') state.paymentDeadline = event.payload['payment-deadline'];
      if (event.type === 'followup-set' || event.type === 'order-submitted') state.timerCorrelationId = correlationId;
    }
    if (state.lead?.status !== 'PENDING_PAYMENT') state.paymentDeadline = null;
    this.publish();
    return outcome.appended;
  }

  /** For steps nobody waits on (timers, order outcomes): a refusal is noted, not thrown. */
  private async executeOrNote(command: LeadCommand, correlationId: string): Promise<void> {
    try {
      await this.execute(command, correlationId);
    } catch (err) {
      const refusal = refusalFromFailure(err);
      if (!refusal) throw err;
      this.noteRefusal(command.type, refusal);
    }
  }

  private noteRefusal(step: string, refusal: Refusal): void {
    addNote(this.state, `${step} refused: ${refusal.code}: ${refusal.message}`);
    this.publish();
  }

  private async startOrder(order: LeadOrderRequest, correlationId: string): Promise<void> {
    const workflowId = orderWorkflowId(order.orderId);
    this.state.order = { orderId: order.orderId, workflowId, correlationId, status: 'RUNNING', outcomeReason: null, cancelRequested: false };
    try {
      const child = await startChild(orderFulfilmentSaga, {
        workflowId,
        args: [{ ...order, correlationId }],
        // The order outlives the lead's run: a continue-as-new or a terminated lead must not kill it.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        staticSummary: `Order ${order.orderId} of lead ${this.state.leadId}`,
      });
      void child.result().then(
        (saga) => { this.orderOutcome = { status: saga.status, reason: saga.outcomeReason }; },
        (err: unknown) => { this.orderOutcome = { status: 'FAILED', reason: failureReason(err) }; },
      );
    } catch (err) {
      this.orderOutcome = { status: 'FAILED', reason: `the order saga did not start: ${failureReason(err)}` };
    }
    this.publish();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });
}

/** A business refusal from an activity (its ApplicationFailure type is the rejection code). */
function refusalFromFailure(err: unknown): Refusal | null {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { code: cause.type ?? 'refused', message: cause.message };
  return null;
}
