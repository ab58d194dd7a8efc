import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { EventStore } from '../../../shared/platform/event-store';
import { orderStreamId } from '../../../shared/domain/ordering/order/order-stream';
import { CardVault } from '../../../shared/adapters/card-vault';
import {
  cancelOrderUpdate,
  CustomerIdAttribute,
  isCancellable,
  ORDER_FULFILMENT_WORKFLOW,
  OrderIdAttribute,
  orderTotalCents,
  OrderTotalAttribute,
  orderWorkflowId,
  reviewOrderUpdate,
  SagaStatusAttribute,
  sagaStateQuery,
  SETTLED_STATUSES,
  type OrderFulfilmentInput,
  type OrderFulfilmentWorkflow,
  type OrderSagaState,
} from '../../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import type { ApiDeps } from '../../deps';
import type { ApiRoutes } from '../../http/route';
import { orNotFound, workflowProblem } from '../../http/workflow-errors';
import { problems } from '../../http/problem';
import { CancelOrderRequest, newOrderId, OrderAccepted, OrderIdParams, PlaceOrderQuery, PlaceOrderRequest, ReviewOrderRequest, SagaStateResponse } from './order-request-schemas';

/** Command side of ordering: start the fulfilment saga, cancel, review; plus the saga's live state. */
export function registerOrderCommandRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const { client } = deps.temporal;
  const { taskQueue, namespace, uiUrl } = deps.config.temporal;
  const cardVault = new CardVault(deps.mongo.db, deps.dataKeys);
  const eventStore = new EventStore(deps.mongo.db);
  const links = (orderId: string) => ({
    saga: `/orders/${orderId}/saga`,
    order: `/orders/${orderId}`,
    webUi: `${uiUrl}/namespaces/${namespace}/workflows/${orderWorkflowId(orderId)}`,
  });

  routes.add({
    method: 'post',
    path: '/orders',
    scope: 'commands',
    summary: 'Place an order: starts the order fulfilment saga (idempotent per orderId)',
    tags: ['ordering'],
    body: PlaceOrderRequest,
    query: PlaceOrderQuery,
    responses: {
      202: { description: 'Saga started (or already running); follow Location', schema: OrderAccepted },
      200: { description: 'Within ?wait seconds the saga finished, or confirmed the order (AWAITING_DISPATCH), or stopped for a review (AWAITING_REVIEW)', schema: OrderAccepted },
    },
    handler: async ({ body, query, correlationId }, res) => {
      const orderId = body.orderId ?? newOrderId();
      const workflowId = orderWorkflowId(orderId);
      const totalCents = orderTotalCents(body.lines);
      const payment = await cardVault.store(body.payment.card);
      const input: OrderFulfilmentInput = {
        orderId,
        customerId: body.customerId,
        lines: body.lines,
        shippingAddress: body.shippingAddress,
        payment,
        correlationId,
        policy: deps.config.orders,
      };
      let handle: WorkflowHandle<OrderFulfilmentWorkflow>;
      let runId: string;
      try {
        const started = await client.workflow.start<OrderFulfilmentWorkflow>(ORDER_FULFILMENT_WORKFLOW, {
          taskQueue,
          workflowId,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          typedSearchAttributes: new TypedSearchAttributes([
            { key: OrderIdAttribute, value: orderId },
            { key: CustomerIdAttribute, value: body.customerId },
            { key: OrderTotalAttribute, value: totalCents / 100 },
            { key: SagaStatusAttribute, value: 'RUNNING' },
          ]),
          staticSummary: `Order ${orderId}: ${body.lines.length} line(s), $${(totalCents / 100).toFixed(2)} for ${body.customerId}`,
          staticDetails: body.lines.map((l) => `- ${l.quantity} × ${l.sku} @ $${(l.unitPriceCents / 100).toFixed(2)}`).join('\n'),
        });
        handle = started;
        runId = started.firstExecutionRunId;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        handle = client.workflow.getHandle<OrderFulfilmentWorkflow>(workflowId);
        runId = (await handle.describe()).runId;
      }
      res.setHeader('Location', `/orders/${orderId}/saga`);
      const saga = query.wait > 0 ? await settledWithin(client, handle, query.wait * 1_000) : undefined;
      res.status(saga ? 200 : 202).json({ orderId, workflowId, runId, status: saga?.status ?? 'accepted', ...(saga ? { saga } : {}), links: links(orderId) });
    },
  });

  routes.add({
    method: 'post',
    path: '/orders/:id/cancel',
    scope: 'commands',
    summary: 'Cancel an order: compensates every completed step; refused (409) once dispatched',
    tags: ['ordering'],
    params: OrderIdParams,
    body: CancelOrderRequest,
    responses: { 202: { description: 'Cancellation accepted; compensation under way', schema: SagaStateResponse } },
    handler: async ({ params, body }, res) => {
      const handle = client.workflow.getHandle(orderWorkflowId(params.id));
      const state = await updateOrRefuse(handle, `order ${params.id}`, () => handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: body.reason }] }), (finished) => {
        const verdict = isCancellable(finished);
        return verdict.ok ? { code: 'order-not-cancellable', reason: `order ${params.id} has finished` } : verdict;
      });
      res.status(202).setHeader('Location', `/orders/${params.id}/saga`).json(state);
    },
  });

  routes.add({
    method: 'post',
    path: '/orders/:id/review',
    scope: 'commands',
    summary: 'Approve or reject an order waiting for manual review (409 unless it is waiting)',
    tags: ['ordering'],
    params: OrderIdParams,
    body: ReviewOrderRequest,
    responses: { 200: { description: 'Decision recorded', schema: SagaStateResponse } },
    handler: async ({ params, body }, res) => {
      const handle = client.workflow.getHandle(orderWorkflowId(params.id));
      const state = await updateOrRefuse(handle, `order ${params.id}`, () => handle.executeUpdate(reviewOrderUpdate, { args: [body] }), (finished) => ({
        code: 'order-not-awaiting-review',
        reason: `order ${params.id} is not waiting for a review (saga ${finished.status.toLowerCase()}, review: ${finished.review})`,
      }));
      res.json(state);
    },
  });

  routes.add({
    method: 'get',
    path: '/orders/:id/saga',
    scope: 'queries',
    summary: 'Live saga state from the workflow: steps run, steps compensated, current step',
    tags: ['ordering'],
    params: OrderIdParams,
    responses: { 200: { description: 'Saga state', schema: SagaStateResponse } },
    handler: async ({ params }, res) => {
      const handle = client.workflow.getHandle(orderWorkflowId(params.id));
      const state = await orNotFound(`order ${params.id}`, () => handle.query(sagaStateQuery));
      // Read after the query: every order event behind this state is at or below it.
      const orderVersion = await eventStore.streamHead(orderStreamId(params.id));
      res.json({ ...state, orderVersion });
    },
  });
}

/**
 * Runs an update; a finished saga no longer takes updates (Temporal answers "not found"), so the
 * refusal is worked out from its final state instead: 409 with a reason, not 404.
 */
async function updateOrRefuse(
  handle: WorkflowHandle,
  what: string,
  update: () => Promise<OrderSagaState>,
  refusal: (finished: OrderSagaState) => { code: string; reason: string },
): Promise<OrderSagaState> {
  try {
    return await update();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw workflowProblem(err, what);
    const finished = await orNotFound(what, () => handle.query(sagaStateQuery));
    const { code, reason } = refusal(finished);
    throw problems.conflict(code, reason);
  }
}

async function settledWithin(client: Client, handle: WorkflowHandle<OrderFulfilmentWorkflow>, ms: number): Promise<OrderSagaState | undefined> {
  const deadline = Date.now() + ms;
  // The long poll for the result is aborted once we answer, so no call outlives the request.
  const abort = new AbortController();
  const finished = client.withAbortSignal(abort.signal, () => handle.result()).then((state) => state, () => undefined);
  try {
    for (;;) {
      const done = await Promise.race([finished, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
      if (done) return done;
      const state = await handle.query(sagaStateQuery);
      if (SETTLED_STATUSES.includes(state.status)) return state;
      if (Date.now() >= deadline) return undefined;
    }
  } finally {
    abort.abort();
  }
}
