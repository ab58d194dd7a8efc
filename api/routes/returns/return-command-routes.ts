import { WorkflowNotFoundError } from '@temporalio/client';
import { AggregateRepository, EventStore } from '../../../shared/platform/event-store';
import type { OrderPlacedPayload } from '../../../shared/domain/ordering/order/order-events';
import { orderStreamId } from '../../../shared/domain/ordering/order/order-stream';
import type { ShippedOrder } from '../../../shared/domain/ordering/returns/order-returns-commands';
import { orderReturnsDecider } from '../../../shared/domain/ordering/returns/order-returns-decider';
import { orderReturnsStreamId } from '../../../shared/domain/ordering/returns/order-returns-stream';
import type { ShipmentDispatchedPayload } from '../../../shared/domain/shipping/shipment/shipment-events';
import { shipmentStreamId } from '../../../shared/domain/shipping/shipment/shipment-stream';
import { returnRefundWorkflowId } from '../../../workflows/payments/return-refund/return-refund-contract';
import { receiveParcelUpdate, returnParcelWorkflowId } from '../../../workflows/shipping/return-parcel/return-parcel-contract';
import type { ApiDeps } from '../../deps';
import { ProblemError, problems } from '../../http/problem';
import type { ApiRoutes } from '../../http/route';
import { workflowProblem } from '../../http/workflow-errors';
import {
  newReturnId,
  OrderIdParams,
  ParcelReceivedBody,
  ParcelReceivedResponse,
  RequestReturnBody,
  ReturnAccepted,
  ReturnIdParams,
} from './return-request-schemas';

/**
 * Command side of returns. A return is ordering's decision alone (one append to the order's
 * returns stream); from there no coordinator: the other contexts react to its public message.
 * Operators book a parcel in through shipping's return parcel workflow.
 */
export function registerReturnCommandRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const store = new EventStore(deps.mongo.db);
  const returns = new AggregateRepository(store, orderReturnsDecider);
  const { namespace, uiUrl } = deps.config.temporal;
  const webUi = (workflowId: string) => `${uiUrl}/namespaces/${namespace}/workflows/${workflowId}`;

  /** The order as its own stream and its shipment's show it: what ordering needs to decide on a return. */
  async function shippedOrder(orderId: string): Promise<ShippedOrder> {
    const [order, shipment] = await Promise.all([store.readStream(orderStreamId(orderId)), store.readStream(shipmentStreamId(orderId))]);
    const placed = order.find((e) => e.type === 'order-placed')?.payload as OrderPlacedPayload | undefined;
    if (!placed) throw problems.notFound(`order ${orderId} does not exist`);
    const dispatched = shipment.find((e) => e.type === 'shipment-dispatched')?.payload as ShipmentDispatchedPayload | undefined;
    return { orderId, customerId: placed.customerId, lines: placed.lines, dispatchedAt: dispatched?.dispatchedAt ?? null };
  }

  routes.add({
    method: 'post',
    path: '/orders/:id/returns',
    scope: 'commands',
    summary: 'Return (some of) a dispatched order: shipping, payments, inventory and loyalty react on their own (choreography)',
    tags: ['ordering', 'returns'],
    params: OrderIdParams,
    body: RequestReturnBody,
    responses: {
      202: { description: 'Return requested; follow it at GET /returns/{returnId}', schema: ReturnAccepted },
    },
    handler: async ({ params, body }, res) => {
      const returnId = body.returnId ?? newReturnId();
      const order = await shippedOrder(params.id);
      const result = await returns.execute(orderReturnsStreamId(params.id), {
        type: 'request-return',
        returnId,
        order,
        lines: body.lines,
        reason: body.reason,
        ...(body.note === undefined ? {} : { note: body.note }),
        requestedAt: new Date().toISOString(),
        returnWindowMs: deps.config.returns.windowMs,
      }, { correlationId: returnId, maxConflictRetries: 10 });
      const request = result.state.returns.get(returnId)?.request;
      if (!request) throw new Error(`return ${returnId} is not in the order's returns after its request`);
      res.status(202).location(`/returns/${returnId}`).json({
        returnId,
        orderId: params.id,
        refundCents: request.refundCents,
        currency: request.currency,
        links: { return: `/returns/${returnId}`, parcelWorkflow: webUi(returnParcelWorkflowId(returnId)), refundWorkflow: webUi(returnRefundWorkflowId(returnId)) },
      });
    },
  });

  routes.add({
    method: 'post',
    path: '/returns/:id/parcel-received',
    scope: 'commands',
    summary: "An operator books a return's parcel in at the warehouse (instead of the carrier's arrival scan)",
    tags: ['returns'],
    params: ReturnIdParams,
    body: ParcelReceivedBody,
    responses: { 200: { description: 'The arrival is recorded; payments and inventory react to it', schema: ParcelReceivedResponse } },
    handler: async ({ params, body }, res) => {
      const workflowId = returnParcelWorkflowId(params.id);
      const handle = deps.temporal.client.workflow.getHandle(workflowId);
      try {
        const state = await handle.executeUpdate(receiveParcelUpdate, { args: [body.condition ? { condition: body.condition } : {}] });
        res.json({ returnId: params.id, status: state.status, receivedAt: state.receivedAt, condition: state.condition, scannedBy: state.scannedBy });
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw workflowProblem(err, `return ${params.id}`);
        // Not running: either shipping has not heard of the return yet, or its parcel workflow is over (the parcel arrived).
        const closed = await handle.describe().then((d) => d.status.name !== 'RUNNING', () => false);
        if (closed) throw new ProblemError(409, 'return-parcel-already-received', 'Refused', `the parcel of return ${params.id} was received already`);
        throw problems.notFound(`shipping has no return ${params.id} (unknown, or its request not delivered to shipping yet)`);
      }
    },
  });
}
