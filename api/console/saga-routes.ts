import { WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import { OrderIdSchema } from '../../shared/domain/kernel/identifiers';
import type { OrderPlacedPayload } from '../../shared/domain/ordering/order/order-events';
import { orderStreamId } from '../../shared/domain/ordering/order/order-stream';
import { EventStore } from '../../shared/platform/event-store';
import {
  CustomerIdAttribute,
  ORDER_FULFILMENT_WORKFLOW,
  OrderIdAttribute,
  OrderTotalAttribute,
  orderWorkflowId,
  SAGA_STATUSES,
  SagaStatusAttribute,
} from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import type { ApiDeps } from '../deps';
import { problems } from '../http/problem';
import type { ApiRoutes } from '../http/route';
import { eventsOfOrder, orderStreams, sagaTimeline } from './saga-timeline';

const SagaStatusSchema = z.enum(SAGA_STATUSES);

const SagaRun = z.object({
  orderId: z.string(),
  customerId: z.string().nullable(),
  totalDollars: z.number().nullable(),
  sagaStatus: z.string().nullable().describe('The SagaStatus search attribute'),
  executionStatus: z.string().describe('Temporal execution status: RUNNING, COMPLETED, FAILED, ...'),
  workflowId: z.string(),
  runId: z.string(),
  startTime: z.string(),
  closeTime: z.string().nullable(),
  links: z.object({ webUi: z.string(), timeline: z.string() }),
});

const SagaListResponse = z
  .object({
    status: SagaStatusSchema.nullable(),
    counts: z.record(z.string(), z.number().int()).describe('Runs of this deployment per saga status'),
    items: z.array(SagaRun),
  })
  .openapi('SagaRunsByStatus');

const TimelineResponse = z
  .object({
    orderId: z.string(),
    run: SagaRun.nullable().describe("The saga's run in Temporal (null when Temporal has no such workflow, e.g. after retention)"),
    entries: z.array(z.object({
      at: z.string(),
      streamId: z.string(),
      version: z.number().int(),
      eventId: z.string(),
      eventType: z.string(),
      step: z.string().nullable(),
      outcome: z.enum(['completed', 'compensated', 'failed', 'compensation-failed']).nullable().describe('compensation-failed: the undo of these steps failed for good (the saga is COMPENSATION_FAILED until an operator retries it)'),
      reason: z.string().nullable(),
    })),
  })
  .openapi('SagaTimeline');

/** Only names that need no quoting go into a visibility query. */
const SAFE_QUERY_VALUE = /^[A-Za-z0-9_.:-]{1,200}$/;

type RunInfo = Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'status' | 'startTime' | 'closeTime' | 'typedSearchAttributes'>;

/** Order sagas for operators: runs by saga status (Temporal visibility) and one order's steps and compensations as a timeline. */
export function registerSagaRoutes(routes: ApiRoutes, deps: ApiDeps): void {
  const { client } = deps.temporal;
  const { namespace, uiUrl, taskQueue } = deps.config.temporal;
  const store = new EventStore(deps.mongo.db);
  const scope = SAFE_QUERY_VALUE.test(taskQueue) ? ` AND TaskQueue = '${taskQueue}'` : '';
  const baseQuery = `WorkflowType = '${ORDER_FULFILMENT_WORKFLOW}'${scope}`;

  const describeRun = (info: RunInfo, orderId: string): z.infer<typeof SagaRun> => ({
    orderId,
    customerId: info.typedSearchAttributes.get(CustomerIdAttribute) ?? null,
    totalDollars: info.typedSearchAttributes.get(OrderTotalAttribute) ?? null,
    sagaStatus: info.typedSearchAttributes.get(SagaStatusAttribute) ?? null,
    executionStatus: info.status.name,
    workflowId: info.workflowId,
    runId: info.runId,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime?.toISOString() ?? null,
    links: {
      webUi: `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(info.workflowId)}/${encodeURIComponent(info.runId)}/history`,
      timeline: `/orders/${encodeURIComponent(orderId)}/timeline`,
    },
  });

  routes.add({
    method: 'get',
    path: '/sagas',
    scope: ['queries', 'admin'],
    summary: 'Order sagas by saga status, newest first, with counts per status (Temporal visibility)',
    tags: ['ordering', 'operations'],
    query: z.object({ status: SagaStatusSchema.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
    responses: { 200: { description: 'Saga runs', schema: SagaListResponse } },
    handler: async ({ query }, res) => {
      const filter = query.status ? `${baseQuery} AND SagaStatus = '${query.status}'` : baseQuery;
      const items: z.infer<typeof SagaRun>[] = [];
      for await (const info of client.workflow.list({ query: filter, pageSize: query.limit })) {
        const orderId = info.typedSearchAttributes.get(OrderIdAttribute) ?? info.workflowId.replace(/^order-/, '');
        items.push(describeRun(info, orderId));
        if (items.length >= query.limit) break;
      }
      const counted = await Promise.all(SAGA_STATUSES.map(async (s) => [s, (await client.workflow.count(`${baseQuery} AND SagaStatus = '${s}'`)).count] as const));
      res.json({ status: query.status ?? null, counts: Object.fromEntries(counted), items });
    },
  });

  routes.add({
    method: 'get',
    path: '/orders/:id/timeline',
    scope: ['queries', 'admin'],
    summary: "The order saga's steps and compensations as a timeline: every event about the order across its streams, and its Temporal run",
    tags: ['ordering', 'operations'],
    params: z.object({ id: OrderIdSchema }).strict(),
    responses: { 200: { description: 'The timeline, oldest first', schema: TimelineResponse }, 404: { description: 'No such order in the event store' } },
    handler: async ({ params }, res) => {
      const orderEvents = await store.readStream(orderStreamId(params.id));
      const placed = orderEvents.find((e) => e.type === 'order-placed');
      if (!placed) throw problems.notFound(`order ${params.id} has no events`);
      const others = orderStreams(placed.payload as OrderPlacedPayload).filter((s) => s !== orderStreamId(params.id));
      const streams = [orderEvents, ...(await Promise.all(others.map((s) => store.readStream(s))))];
      const entries = await sagaTimeline(streams.map((events) => eventsOfOrder(params.id, events)));
      let run: z.infer<typeof SagaRun> | null = null;
      try {
        run = describeRun(await client.workflow.getHandle(orderWorkflowId(params.id)).describe(), params.id);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      res.json({ orderId: params.id, run, entries });
    },
  });
}
