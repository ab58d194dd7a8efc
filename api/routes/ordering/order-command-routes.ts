import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateStage, type Client, type WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { EventStore } from '../../../shared/platform/event-store';
import { orderStreamId } from '../../../shared/domain/ordering/order/order-stream';
import { CardVault } from '../../../shared/adapters/card-vault';
import {
  cancelOrderUpdate,
  canRetryCompensations,
  CustomerIdAttribute,
  isCancellable,
  ORDER_FULFILMENT_WORKFLOW,
  OrderIdAttribute,
  orderTotalCents,
  OrderTotalAttribute,
  orderWorkflowId,
  retryCompensationsUpdate,
  reviewOrderUpdate,
  sagaListQuery,
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
import {
  CancelOrderRequest,
  newOrderId,
  OrderAccepted,
  OrderIdParams,
  PlaceOrderQuery,
  PlaceOrderRequest,
  RetryCompensationsQuery,
  RetryCompensationsRequestBody,
  ReviewOrderRequest,
  SagaListQuery,
  SagaListResponse,
  SagaStateResponse,
} from './order-request-schemas';

/** Command side of ordering: start the fulfilment saga, cancel, review, retry failed compensations; plus the sagas' live state. */
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
    method: 'post',
    path: '/orders/:id/compensations/retry',
    scope: 'admin',
    summary: 'Retry the compensations that failed for good (saga COMPENSATION_FAILED), once the cause is fixed',
    tags: ['ordering', 'operations'],
    params: OrderIdParams,
    query: RetryCompensationsQuery,
    body: RetryCompensationsRequestBody,
    responses: {
      202: { description: 'Retry started; follow Location for the outcome', schema: SagaStateResponse },
      200: { description: 'Within ?wait seconds the retry round finished: COMPENSATED/CANCELLED, or still COMPENSATION_FAILED with what still fails', schema: SagaStateResponse },
    },
    handler: async ({ params, query, body }, res) => {
      const handle = client.workflow.getHandle<OrderFulfilmentWorkflow>(orderWorkflowId(params.id));
      const what = `order ${params.id}`;
      // The update's validator refuses too; asking first gives a 409 at once even when not waiting.
      const verdict = canRetryCompensations(await orNotFound(what, () => handle.query(sagaStateQuery)));
      if (!verdict.ok) throw problems.conflict(verdict.code, verdict.reason);
      const started = await updateOrRefuse(handle, what, () => handle.startUpdate(retryCompensationsUpdate, { args: [body], waitForStage: WorkflowUpdateStage.ACCEPTED }), (finished) => {
        const now = canRetryCompensations(finished);
        return now.ok ? { code: 'no-failed-compensations', reason: `${what} has finished` } : now;
      });
      res.setHeader('Location', `/orders/${params.id}/saga`);
      const finished = query.wait > 0 ? await orNotFound(what, () => resultWithin(started.result(), query.wait * 1_000)) : undefined;
      if (finished) res.status(200).json(finished);
      else res.status(202).json(await orNotFound(what, () => handle.query(sagaStateQuery)));
    },
  });

  routes.add({
    method: 'get',
    path: '/orders',
    scope: 'queries',
    summary: 'Order sagas by their SagaStatus search attribute (and customer), from Temporal visibility, newest first',
    tags: ['ordering', 'operations'],
    query: SagaListQuery,
    responses: { 200: { description: 'Matching sagas (visibility is eventually consistent: a change shows after a moment)', schema: SagaListResponse } },
    handler: async ({ query }, res) => {
      const visibility = sagaListQuery(query);
      const orders = [];
      for await (const wf of client.workflow.list({ query: visibility, pageSize: query.limit })) {
        const attributes = wf.typedSearchAttributes;
        orders.push({
          orderId: attributes.get(OrderIdAttribute) ?? wf.workflowId.replace(/^order-/, ''),
          workflowId: wf.workflowId,
          runId: wf.runId,
          sagaStatus: attributes.get(SagaStatusAttribute) ?? null,
          customerId: attributes.get(CustomerIdAttribute) ?? null,
          orderTotal: attributes.get(OrderTotalAttribute) ?? null,
          executionStatus: wf.status.name,
          startTime: wf.startTime.toISOString(),
          closeTime: wf.closeTime?.toISOString() ?? null,
        });
        if (orders.length >= query.limit) break;
      }
      res.json(SagaListResponse.parse({ orders, query: visibility }));
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
async function updateOrRefuse<T>(
  handle: WorkflowHandle,
  what: string,
  update: () => Promise<T>,
  refusal: (finished: OrderSagaState) => { code: string; reason: string },
): Promise<T> {
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

/** The value of `promise` if it settles within `ms`, else undefined (the promise keeps running). */
async function resultWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  void promise.catch(() => undefined); // a late failure, after we answered, is nobody's to handle
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
