import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  sleep,
  TimeoutFailure,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { StepContext } from '../../../activities/ordering/order-fulfilment-activities';
import { CompensationStack, type CompensationFailure } from '../../kernel/compensation-stack';
import { failureReason } from '../../kernel/failure-reason';
import {
  CustomerIdAttribute,
  OrderIdAttribute,
  orderTotalCents,
  OrderTotalAttribute,
  SagaStatusAttribute,
  type OrderFulfilmentInput,
  type OrderSagaState,
  type OrderStep,
  type SagaStatus,
} from './order-fulfilment-contract';
import { forwardActivities, untilDoneActivities } from './order-saga-activities';
import { OrderSagaHandlers, OrderSagaInbox } from './order-saga-handlers';
import { describeSaga } from './saga-summary';

/**
 * The deliberate change of issue 10: a compensation is registered before its step runs (and a
 * step that failed for want of the platform runs again). Runs started before it replay as they
 * were recorded: compensations registered after their step succeeded.
 */
export const COMPENSATIONS_FIRST = 'compensations-registered-before-steps';

type Undo = () => Promise<unknown>;

/** Thrown inside the saga to stop the forward path; never leaves the workflow. */
export class StopSaga extends Error {
  constructor(readonly outcome: 'rejected' | 'cancelled', readonly reason: string) {
    super(reason);
  }
}

/**
 * The machinery of the order fulfilment saga: its state and search attributes, steps with their
 * compensations, the waiting points (review, dispatch window) where a cancel is heard, and the
 * undo that runs newest first, records the order's outcome and waits for an operator's retry
 * when a compensation fails for good — all in a non-cancellable scope. The forward path
 * (order-fulfilment-saga.ts) reads as the business process on top of it.
 */
export class OrderSaga {
  readonly state: OrderSagaState;
  readonly inbox = new OrderSagaInbox();
  readonly ctx: StepContext;
  /** Forward steps, within the business retry budget. */
  readonly act: ReturnType<typeof forwardActivities>;
  /** Compensations, outcome records and the dispatch of a confirmed order: retried until done. */
  readonly untilDone: ReturnType<typeof untilDoneActivities>;
  private readonly compensations = new CompensationStack();
  private readonly registerFirst: boolean;
  private outcomeRecorded = false;

  constructor(readonly input: OrderFulfilmentInput) {
    this.registerFirst = patched(COMPENSATIONS_FIRST);
    this.ctx = { orderId: input.orderId, correlationId: input.correlationId };
    this.act = forwardActivities(input.policy);
    this.untilDone = untilDoneActivities(input.policy);
    const totalCents = orderTotalCents(input.lines);
    this.state = {
      orderId: input.orderId,
      customerId: input.customerId,
      totalCents,
      status: 'RUNNING',
      currentStep: null,
      stepsCompleted: [],
      stepsCompensated: [],
      compensationFailures: [],
      compensationRetries: 0,
      review: 'not-needed',
      cancellation: null,
      outcomeReason: null,
      notes: [],
    };
    new OrderSagaHandlers(this.state, this.inbox).register();
    upsertSearchAttributes([
      { key: OrderIdAttribute, value: input.orderId },
      { key: CustomerIdAttribute, value: input.customerId },
      { key: OrderTotalAttribute, value: totalCents / 100 },
      { key: SagaStatusAttribute, value: 'RUNNING' },
    ]);
  }

  get needsReview(): boolean {
    return this.state.totalCents > this.input.policy.reviewThresholdCents;
  }

  /**
   * Runs one forward step. Its compensation (`undo`) is registered before it runs; `undoOf`
   * changes the compensation of an earlier step instead (a payment about to be captured is
   * refunded, not voided). A permanent failure stops the saga as rejected, a cancellation as cancelled.
   */
  async step<T>(name: OrderStep, run: () => Promise<T>, compensation: { undo?: Undo; undoOf?: OrderStep } = {}): Promise<T> {
    this.checkpoint();
    this.state.currentStep = name;
    describeSaga(this.state);
    return this.guarded(name, run, compensation);
  }

  /** Steps that run side by side (a reservation per order line); the saga stops once all have settled. */
  async inParallel(label: string, steps: readonly { name: OrderStep; run: () => Promise<unknown>; undo: Undo }[]): Promise<void> {
    this.checkpoint();
    this.state.currentStep = label;
    const settled = await Promise.allSettled(steps.map(({ name, run, undo }) => this.guarded(name, run, { undo })));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw this.stopFor(failed.reason);
  }

  /** Manual review: waits for a decision, the review timeout or a cancel. */
  async review(): Promise<void> {
    const { state, inbox, input, ctx } = this;
    await this.step('await-review', async () => {
      await this.act.requestOrderReview({ ...ctx, reason: `total ${formatCents(state.totalCents)} is above the review threshold ${formatCents(input.policy.reviewThresholdCents)}` });
      state.review = 'pending';
      this.setStatus('AWAITING_REVIEW');
      const decided = await condition(() => inbox.reviewDecision !== null || state.cancellation !== null, input.policy.reviewTimeout);
      if (state.cancellation) return;
      const decision = inbox.reviewDecision;
      if (!decided || !decision) {
        state.review = 'timed-out';
        throw ApplicationFailure.create({ type: 'review-timed-out', message: `no review decision within ${String(input.policy.reviewTimeout)}`, nonRetryable: true });
      }
      if (decision.decision === 'reject') {
        await this.act.rejectOrderReview({ ...ctx, reviewer: decision.reviewer, reason: decision.reason ?? 'rejected in review' });
        state.review = 'rejected';
        throw ApplicationFailure.create({ type: 'rejected-in-review', message: decision.reason ?? 'rejected in review', nonRetryable: true });
      }
      await this.act.approveOrderReview({ ...ctx, reviewer: decision.reviewer, ...(decision.reason ? { note: decision.reason } : {}) });
      state.review = 'approved';
      this.setStatus('RUNNING');
    });
  }

  /** The order is confirmed: the cancel window before the carrier picks the parcel up. */
  async awaitPickup(): Promise<void> {
    this.setStatus('AWAITING_DISPATCH');
    this.state.currentStep = null;
    describeSaga(this.state);
    try {
      await condition(() => this.state.cancellation !== null, this.input.policy.dispatchAfter);
    } catch (err) {
      throw this.stopFor(err);
    }
  }

  /**
   * Hands the parcel over. Never half-applied: a cancel arriving meanwhile is noted and ignored,
   * transient failures are retried until done, and a permanent refusal cancels the confirmed order
   * through the cancel path (refund, release) rather than the pre-confirmation undo.
   */
  async dispatch(run: () => Promise<unknown>): Promise<void> {
    this.checkpoint();
    this.state.currentStep = 'dispatch-shipment';
    describeSaga(this.state);
    try {
      await CancellationScope.nonCancellable(run);
    } catch (err) {
      if (!this.registerFirst) throw new StopSaga('rejected', failureReason(err));
      const reason = `dispatch refused: ${failureReason(err)}`;
      this.state.cancellation = { requestedReason: reason, source: 'dispatch' };
      throw new StopSaga('cancelled', reason);
    }
    this.state.stepsCompleted.push('dispatch-shipment');
    this.state.currentStep = null;
    this.setStatus('COMPLETED');
  }

  /**
   * The forward path stopped: undo every registered step newest first, record the order's
   * outcome, and while a compensation fails for good, record that, sit in COMPENSATION_FAILED and
   * retry on an operator's request. Nothing here can be cancelled.
   */
  async stop(err: unknown): Promise<void> {
    if (!(err instanceof StopSaga)) throw err;
    this.state.outcomeReason = err.reason;
    await CancellationScope.nonCancellable(async () => {
      this.setStatus('COMPENSATING');
      this.state.currentStep = 'compensating';
      describeSaga(this.state);
      let failed = await this.compensate(err);
      this.state.currentStep = null;
      while (failed.length > 0) {
        await this.untilDone.recordCompensationFailure({ ...this.ctx, failures: [...failed] });
        this.setStatus('COMPENSATION_FAILED');
        describeSaga(this.state);
        this.endRetryRound();
        await condition(() => this.inbox.retryRequest !== null);
        const request = this.inbox.retryRequest;
        this.state.compensationRetries = (this.state.compensationRetries ?? 0) + 1;
        this.note(`compensations retried by ${request?.operator ?? 'an operator'}${request?.note ? `: ${request.note}` : ''}`);
        this.setStatus('COMPENSATING');
        failed = await this.compensate(err);
      }
      if (err.outcome === 'cancelled') this.setStatus('CANCELLED');
      else this.setStatus(this.state.stepsCompensated.length > 0 ? 'COMPENSATED' : 'REJECTED');
      this.endRetryRound();
    });
  }

  /** The saga's answer, once every message handler has finished. */
  async finish(): Promise<OrderSagaState> {
    // Not cancellable: a Temporal cancel that came too late (after dispatch) must not discard the result.
    await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
    describeSaga(this.state);
    return this.state;
  }

  private async guarded<T>(name: OrderStep, run: () => Promise<T>, { undo, undoOf }: { undo?: Undo; undoOf?: OrderStep }): Promise<T> {
    const early = this.registerFirst;
    if (early) this.registerUndo(name, undo, undoOf);
    try {
      const result = await this.runStep(name, run);
      this.state.stepsCompleted.push(name);
      if (!early) this.registerUndo(name, undo, undoOf);
      return result;
    } catch (err) {
      throw this.stopFor(err);
    }
  }

  private registerUndo(name: OrderStep, undo: Undo | undefined, undoOf: OrderStep | undefined): void {
    if (undo && undoOf) this.compensations.replace(undoOf, undo);
    else if (undo) this.compensations.register(name, undo);
  }

  /** A step that failed because the platform itself was unavailable (its worker died, a timeout) is no business failure: it runs again. */
  private async runStep<T>(name: OrderStep, run: () => Promise<T>): Promise<T> {
    for (let round = 1; ; round++) {
      try {
        return await run();
      } catch (err) {
        if (!this.registerFirst || !isPlatformFailure(err)) throw err;
        this.note(`${name} did not finish (${failureReason(err)}); running it again`);
        await sleep(Math.min(2 ** round, 60) * 1_000);
      }
    }
  }

  private async compensate(stop: StopSaga): Promise<readonly CompensationFailure[]> {
    const outcome = await this.compensations.unwind(failureReason, (step, result) => {
      if (wasUndone(result, this.state.stepsCompleted.includes(step))) this.state.stepsCompensated.push(step);
    });
    const failed: CompensationFailure[] = [...outcome.failed];
    if (!this.outcomeRecorded) {
      try {
        await this.recordOutcome(stop);
        this.outcomeRecorded = true;
      } catch (err) {
        failed.push({ step: 'record-order-outcome', reason: failureReason(err) });
      }
    }
    this.state.compensationFailures = failed;
    return failed;
  }

  /** The order's own record of the outcome (a review rejection recorded it already). */
  private async recordOutcome(stop: StopSaga): Promise<void> {
    if (!this.state.stepsCompleted.includes('place-order')) return;
    if (stop.outcome === 'cancelled') await this.untilDone.cancelOrder({ ...this.ctx, reason: stop.reason });
    else if (this.state.review !== 'rejected') await this.untilDone.rejectOrder({ ...this.ctx, reason: stop.reason });
  }

  /** An operator's retry round is over: its update answers with the state. */
  private endRetryRound(): void {
    if (this.inbox.retryRequest === null) return;
    this.inbox.retryRequest = null;
    this.inbox.retryRoundsDone += 1;
  }

  private checkpoint(): void {
    if (this.state.cancellation) throw new StopSaga('cancelled', this.state.cancellation.requestedReason);
  }

  private stopFor(err: unknown): StopSaga {
    if (err instanceof StopSaga) return err;
    if (isCancellation(err)) return new StopSaga('cancelled', this.state.cancellation?.requestedReason ?? 'cancelled');
    return new StopSaga('rejected', failureReason(err));
  }

  private setStatus(status: SagaStatus): void {
    this.state.status = status;
    upsertSearchAttributes([{ key: SagaStatusAttribute, value: status }]);
  }

  private note(text: string): void {
    this.state.notes.push(text);
  }
}

/** What a compensation reported; older compensations report nothing, and then a completed step counts as undone. */
function wasUndone(result: unknown, stepCompleted: boolean): boolean {
  const undone = (result as { undone?: unknown } | undefined)?.undone;
  return typeof undone === 'boolean' ? undone : stepCompleted;
}

function isPlatformFailure(err: unknown): boolean {
  return err instanceof ActivityFailure && err.cause instanceof TimeoutFailure;
}

function formatCents(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
