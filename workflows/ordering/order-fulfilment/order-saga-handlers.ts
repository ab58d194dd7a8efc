import { ApplicationFailure, CancellationScope, condition, setHandler } from '@temporalio/workflow';
import {
  cancelOrderSignal,
  cancelOrderUpdate,
  canRetryCompensations,
  isCancellable,
  retryCompensationsUpdate,
  reviewOrderUpdate,
  sagaStateQuery,
  type CancelRequest,
  type CancelSource,
  type OrderSagaState,
  type RetryCompensationsRequest,
  type ReviewDecision,
} from './order-fulfilment-contract';

/** What messages ask of the saga; the forward path and the compensation loop act on it. */
export class OrderSagaInbox {
  reviewDecision: ReviewDecision | null = null;
  retryRequest: RetryCompensationsRequest | null = null;
  /** Operator retry rounds finished so far; a retry update answers once its round is over. */
  retryRoundsDone = 0;
}

/**
 * The saga's message handlers, apart from its forward path (Temporal's safe-message-handlers
 * style): the state query, the cancel update and signal, the review update, the operator's
 * retry of failed compensations, and the Temporal cancellation of the run, which is the same
 * business cancel as the others. Handlers only record requests in the state and the inbox;
 * the forward path does the work, so a handler never races a step.
 */
export class OrderSagaHandlers {
  constructor(
    private readonly state: OrderSagaState,
    private readonly inbox: OrderSagaInbox,
  ) {}

  register(): void {
    const { state, inbox } = this;
    setHandler(sagaStateQuery, () => state, { description: 'Saga state: steps run, steps compensated, current step' });
    setHandler(cancelOrderUpdate, (req) => { this.requestCancel(req, 'update'); return state; }, {
      validator: (_req: CancelRequest) => refuseUnless(isCancellable(state)),
      description: 'Cancel the order; refused once dispatched',
    });
    setHandler(cancelOrderSignal, (req) => this.cancelOrNote(req, 'signal'), { description: 'Cancel the order (fire and forget)' });
    setHandler(reviewOrderUpdate, async (decision) => {
      inbox.reviewDecision = decision;
      await condition(() => state.review !== 'pending' || state.cancellation !== null);
      return state;
    }, {
      validator: (decision) => {
        if (state.review !== 'pending' || inbox.reviewDecision !== null) {
          throw refusal('order-not-awaiting-review', `order ${state.orderId} is not waiting for a review (review: ${state.review})`);
        }
        if (decision.decision === 'reject' && !decision.reason) throw refusal('invalid-review', 'a rejection needs a reason');
      },
      description: 'Approve or reject an order waiting for manual review',
    });
    setHandler(retryCompensationsUpdate, async (request) => {
      const round = inbox.retryRoundsDone;
      inbox.retryRequest = request;
      await condition(() => inbox.retryRoundsDone > round);
      return state;
    }, {
      validator: (_request: RetryCompensationsRequest) => {
        refuseUnless(canRetryCompensations(state));
        if (inbox.retryRequest !== null) throw refusal('compensation-retry-running', `compensations of order ${state.orderId} are being retried`);
      },
      description: 'Retry the compensations that failed for good, once the cause is fixed',
    });
    // A Temporal cancellation (Web UI, CLI, client) cancels the root scope: the same business cancel.
    CancellationScope.current().cancelRequested.catch(() => this.cancelOrNote({ reason: 'cancellation requested through Temporal' }, 'temporal'));
  }

  private cancelOrNote(req: CancelRequest, source: CancelSource): void {
    const verdict = isCancellable(this.state);
    if (verdict.ok) this.requestCancel(req, source);
    else this.state.notes.push(`cancel ignored: ${verdict.reason}`);
  }

  private requestCancel(req: CancelRequest, source: CancelSource): void {
    this.state.cancellation = { requestedReason: req.reason, source };
  }
}

function refuseUnless(verdict: { ok: true } | { ok: false; code: string; reason: string }): void {
  if (!verdict.ok) throw refusal(verdict.code, verdict.reason);
}

function refusal(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
