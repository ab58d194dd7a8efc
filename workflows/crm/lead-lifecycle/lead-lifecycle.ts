import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
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
  closeLeadUpdate,
  confirmPaymentUpdate,
  DEFAULT_LEAD_POLICY,
  isLeadRequest,
  leadInitializedUpdate,
  LeadIdAttribute,
  leadProcessQuery,
  leadRequestSignal,
  LeadStatusAttribute,
  newLeadProcess,
  paymentWindowMs,
  recordContactUpdate,
  setFollowupUpdate,
  submitOrderUpdate,
  toLeadCommand,
  updateContactDetailsUpdate,
  type LeadLifecycleInput,
  type LeadLifecyclePolicy,
  type LeadOrderRequest,
  type LeadProcessState,
  type LeadRequest,
  type LeadStepResult,
  type Refusal,
} from './lead-lifecycle-contract';
import {
  addNote,
  carryOver,
  clipReason,
  describeTimer,
  isOrderRunning,
  isSettled,
  nextTimer,
  type LeadTimer,
} from './process-state';
import { StepLock } from './step-lock';

// No attempt limit: the process manager adopts the state each append returns, so an append must
// not be given up on while its outcome is unknown. Refusals are non-retryable and end at once.
const leadActivities = (summary: string) =>
  proxyActivities<LeadLifecycleActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
    summary,
  });

/**
 * The process manager of one sales lead (the talk's "Modeling Time" flow), workflow id
 * `lead-<id>`. It lives as long as the lead is open: REST updates (validated against the
 * current state with the pure Lead decider, so a refused transition is answered at once) and
 * fire-and-forget signals drive it; durable timers record `followup-due` when a follow-up date
 * arrives and fail the payment when its deadline passes; an order submitted with order lines
 * runs as the order fulfilment saga (a child workflow) whose outcome confirms or fails the
 * payment. Every change is appended by an activity to the lead's event stream. Continue-as-new
 * keeps the history bounded. Ends when the lead is CONVERTED or CLOSED.
 */
export async function leadLifecycle(input: LeadLifecycleInput): Promise<LeadProcessState> {
  const policy: LeadLifecyclePolicy = { ...DEFAULT_LEAD_POLICY, ...input.policy };
  const paymentWindow = paymentWindowMs(policy);
  const state: LeadProcessState = input.carried ?? newLeadProcess(input.leadId);
  const lock = new StepLock();
  /** Bumped on every change of `state`; the main loop wakes on it to re-arm its timer. */
  let revision = 0;
  let initialized: readonly LeadEvent[] = [];
  let orderOutcome: { status: string; reason: string | null } | null = null;
  let publishedStatus: string | null = null;

  upsertSearchAttributes([{ key: LeadIdAttribute, value: input.leadId }]);
  publish();

  setHandler(leadProcessQuery, () => state, { description: 'The lead, its timers, its order and the process bookkeeping' });
  setHandler(
    leadInitializedUpdate,
    async () => {
      await condition(() => state.lead !== null || state.initFailure !== null);
      if (state.initFailure) throw refusalFailure(state.initFailure);
      return { appended: initialized, process: state };
    },
    { description: 'Wait until the lead-initialized event is stored' },
  );
  handleRequest(recordContactUpdate, (r) => ({ type: 'record-contact', ...r }), 'A sales call took place');
  handleRequest(setFollowupUpdate, (r) => ({ type: 'set-followup', ...r }), 'The call ended with a follow-up call scheduled');
  handleRequest(updateContactDetailsUpdate, (r) => ({ type: 'update-contact-details', ...r }), "Replace the lead's contact details");
  handleRequest(
    submitOrderUpdate,
    (r) => ({ type: 'submit-order', ...r }),
    'The lead accepted the offer; payment is due by the deadline (with order lines: the order saga takes it)',
  );
  handleRequest(confirmPaymentUpdate, (r) => ({ type: 'confirm-payment', ...r }), 'The payment of the submitted order arrived');
  handleRequest(closeLeadUpdate, (r) => ({ type: 'close-lead', ...r }), 'The lead is not interested');
  setHandler(leadRequestSignal, (request) => lock.run(() => acceptSignal(request)), {
    description: 'Any lead request, fire and forget: a refused one is noted in the process state',
  });

  if (!input.carried) await lock.run(initialize);

  while (state.initFailure === null && !isSettled(state.lead)) {
    if (continueAsNewDue()) {
      await condition(() => lock.idle && allHandlersFinished());
      if (continueAsNewDue()) {
        return continueAsNew<typeof leadLifecycle>({
          leadId: input.leadId,
          correlationId: input.correlationId,
          carried: carryOver(state),
          ...(input.policy ? { policy: input.policy } : {}),
        });
      }
      continue;
    }
    const timer = nextTimer(state);
    const seen = revision;
    const woken = await waitUntil(() => revision !== seen || orderOutcome !== null || continueAsNewDue(), timer);
    if (orderOutcome !== null) {
      const outcome = orderOutcome;
      orderOutcome = null;
      await lock.run(() => settleOrder(outcome));
    } else if (!woken && timer) {
      await lock.run(() => fire(timer));
    }
  }
  await condition(allHandlersFinished);
  publish();
  return state;

  function publish(): void {
    revision += 1;
    const status = state.lead?.status ?? null;
    if (status !== null && status !== publishedStatus) {
      upsertSearchAttributes([{ key: LeadStatusAttribute, value: status }]);
      publishedStatus = status;
    }
    describeLead(state);
  }

  function countMessage(): void {
    state.messagesHandled += 1;
    state.messagesThisRun += 1;
  }

  function continueAsNewDue(): boolean {
    if (isSettled(state.lead) || isOrderRunning(state) || orderOutcome !== null) return false;
    return state.messagesThisRun >= policy.continueAsNewAfter || workflowInfo().continueAsNewSuggested;
  }

  /** Why the process refuses a request now, or null: the Lead decider's verdict at workflow time. */
  function refusalOf(request: LeadRequest): Refusal | null {
    if (request.type === 'confirm-payment' && state.order && isOrderRunning(state)) {
      return {
        code: 'payment-follows-order',
        message: `The payment of lead ${state.leadId} is taken by order ${state.order.orderId}; its outcome confirms or fails it`,
      };
    }
    try {
      decideLead(toLeadCommand(request, state.leadId, new Date(), paymentWindow), state.lead);
      return null;
    } catch (err) {
      if (isDomainRejection(err)) return { code: err.code, message: err.message };
      throw err;
    }
  }

  /** One update per request type: validated at once, then performed as a step. */
  function handleRequest<A>(update: UpdateDefinition<LeadStepResult, [A]>, toRequest: (args: A) => LeadRequest, description: string): void {
    setHandler(update, (args) => accept(toRequest(args)), { validator: (args) => check(toRequest(args)), description });
  }

  /** Update validator: refuses before the update is accepted, so nothing reaches history. */
  function check(request: LeadRequest): void {
    const refusal = refusalOf(request);
    if (refusal) throw refusalFailure(refusal);
  }

  async function accept(request: LeadRequest): Promise<LeadStepResult> {
    return lock.run(async () => {
      countMessage();
      // Validated again: a step that ran while this update waited may have changed the lead.
      check(request);
      try {
        return { appended: await perform(request), process: state };
      } catch (err) {
        const refusal = refusalFromFailure(err);
        throw refusal ? refusalFailure(refusal) : err;
      }
    });
  }

  async function acceptSignal(request: LeadRequest): Promise<void> {
    countMessage();
    if (!isLeadRequest(request)) {
      addNote(state, 'signal ignored: not a lead request');
      return publish();
    }
    const refusal = refusalOf(request);
    if (refusal) return noteRefusal(request.type, refusal);
    try {
      await perform(request);
    } catch (err) {
      const failed = refusalFromFailure(err);
      if (!failed) throw err;
      noteRefusal(request.type, failed);
    }
  }

  async function perform(request: LeadRequest): Promise<readonly LeadEvent[]> {
    const command = toLeadCommand(request, state.leadId, new Date(), paymentWindow);
    const appended = await execute(command, request.correlationId);
    if (request.type === 'submit-order' && request.order && state.lead?.status === 'PENDING_PAYMENT') {
      await startOrder(request.order, request.correlationId);
    }
    return appended;
  }

  /** Appends through the activity and adopts the stored state it returns. */
  async function execute(command: LeadCommand, correlationId: string): Promise<readonly LeadEvent[]> {
    const outcome = await leadActivities(command.type).executeLeadCommand({ command, correlationId });
    state.lead = outcome.state;
    state.version = outcome.version;
    for (const event of outcome.appended) {
      if (event.type === 'order-submitted') state.paymentDeadline = event.payload['payment-deadline'];
      if (event.type === 'followup-set' || event.type === 'order-submitted') state.timerCorrelationId = correlationId;
    }
    if (state.lead?.status !== 'PENDING_PAYMENT') state.paymentDeadline = null;
    publish();
    return outcome.appended;
  }

  /** For steps nobody waits on (timers, order outcomes): a refusal is noted, not thrown. */
  async function executeOrNote(command: LeadCommand, correlationId: string): Promise<void> {
    try {
      await execute(command, correlationId);
    } catch (err) {
      const refusal = refusalFromFailure(err);
      if (!refusal) throw err;
      noteRefusal(command.type, refusal);
    }
  }

  function noteRefusal(step: string, refusal: Refusal): void {
    addNote(state, `${step} refused: ${refusal.code}: ${refusal.message}`);
    publish();
  }

  async function initialize(): Promise<void> {
    countMessage();
    if (!input.contact) {
      state.initFailure = { code: 'lead-contact-missing', message: `Lead ${input.leadId} was started without contact details` };
      return publish();
    }
    try {
      initialized = await execute({ type: 'initialize-lead', leadId: input.leadId, ...input.contact, now: nowIso() }, input.correlationId);
    } catch (err) {
      const refusal = refusalFromFailure(err);
      if (!refusal) throw err;
      state.initFailure = refusal;
      publish();
    }
  }

  async function startOrder(order: LeadOrderRequest, correlationId: string): Promise<void> {
    const workflowId = orderWorkflowId(order.orderId);
    state.order = { orderId: order.orderId, workflowId, correlationId, status: 'RUNNING', outcomeReason: null, cancelRequested: false };
    try {
      const child = await startChild(orderFulfilmentSaga, {
        workflowId,
        args: [{ ...order, correlationId }],
        // The order outlives the lead's run: a continue-as-new or a terminated lead must not kill it.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        staticSummary: `Order ${order.orderId} of lead ${state.leadId}`,
      });
      void child.result().then(
        (saga) => { orderOutcome = { status: saga.status, reason: saga.outcomeReason }; },
        (err: unknown) => { orderOutcome = { status: 'FAILED', reason: failureReason(err) }; },
      );
    } catch (err) {
      orderOutcome = { status: 'FAILED', reason: `the order saga did not start: ${failureReason(err)}` };
    }
    publish();
  }

  /** The order saga ended: COMPLETED confirms the payment, anything else fails it. */
  async function settleOrder(outcome: { status: string; reason: string | null }): Promise<void> {
    const order = state.order;
    if (!order) return;
    countMessage();
    order.status = outcome.status as typeof order.status;
    order.outcomeReason = outcome.reason;
    if (state.lead?.status !== 'PENDING_PAYMENT') {
      addNote(state, `order ${order.orderId} ended ${outcome.status} while the lead was ${state.lead?.status ?? 'unknown'}`);
      return publish();
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
    await executeOrNote(command, order.correlationId);
  }

  /** A durable timer fired: record the follow-up as due, or act on the passed payment deadline. */
  async function fire(timer: LeadTimer): Promise<void> {
    const current = nextTimer(state);
    if (!current || current.kind !== timer.kind || current.at !== timer.at || Date.now() < Date.parse(timer.at)) return;
    countMessage();
    const correlationId = state.timerCorrelationId ?? input.correlationId;
    if (timer.kind === 'followup-due') {
      await executeOrNote({ type: 'record-followup-due', leadId: state.leadId, followupOn: timer.at, now: nowIso() }, correlationId);
      state.followupDueRecordedFor = timer.at;
      return publish();
    }
    if (state.order && isOrderRunning(state)) {
      // The saga may be holding stock or a payment: ask it to cancel and compensate; its outcome decides.
      state.order.cancelRequested = true;
      try {
        await getExternalWorkflowHandle(state.order.workflowId).signal(cancelOrderSignal, { reason: `payment deadline ${timer.at} passed` });
      } catch (err) {
        addNote(state, `cancelling order ${state.order.orderId} failed: ${failureReason(err)}`);
      }
      return publish();
    }
    await executeOrNote({ type: 'record-payment-failure', leadId: state.leadId, reason: 'payment-deadline-passed', now: nowIso() }, correlationId);
  }
}

function nowIso(): string {
  return new Date().toISOString();
}

async function waitUntil(done: () => boolean, timer: LeadTimer | null): Promise<boolean> {
  if (!timer) {
    await condition(done);
    return true;
  }
  const ms = Date.parse(timer.at) - Date.now();
  if (ms <= 0) return done();
  return condition(done, ms, { summary: describeTimer(timer) });
}

function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });
}

/** A business refusal from an activity (its ApplicationFailure type is the rejection code). */
function refusalFromFailure(err: unknown): Refusal | null {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return { code: cause.type ?? 'refused', message: cause.message };
  return null;
}
