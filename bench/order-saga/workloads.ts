import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { TypedSearchAttributes, WorkflowIdReusePolicy } from '@temporalio/common';
import { TEST_KEYS } from '../../test/support/api-harness';
import { CardVault } from '../../shared/adapters/card-vault';
import { CustomerIdAttribute, OrderIdAttribute, OrderTotalAttribute, SagaStatusAttribute } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import type { orderFulfilmentSaga } from '../../workflows/ordering/order-fulfilment/order-fulfilment-saga';
import type { OrderFulfilmentInput } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import { ORDER_FULFILMENT_WORKFLOW, orderWorkflowId } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import type { noopChain } from './noop-workflow';
import type { BenchStack } from './stack';
import type { Outcome } from './stats';

const UNIT_PRICE_CENTS = 1_999;
const SHIPPING_ADDRESS = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };
const CARD = { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030 };

export interface Workload {
  readonly name: string;
  readonly description: string;
  /** Operations are numbered from 0 across warm-up and rounds; each number is used once. */
  readonly op: (i: number) => Promise<Outcome>;
}

/** SKUs of their own for each order: `count` distinct SKUs, stocked by `stockSkus`. */
export function skuNames(prefix: string, count: number): string[] {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  return Array.from({ length: count }, (_, i) => `B-${prefix}-${tag}-${i}`);
}

export async function stockSku(stack: BenchStack, sku: string, quantity: number): Promise<Outcome> {
  const res = await stack.api.request('POST', `/inventory/${sku}/receipts`, { key: TEST_KEYS.commands, body: { quantity } });
  return res.status === 201 ? { ok: true } : { ok: false, reason: `stock receipt answered ${res.status}: ${await res.text()}` };
}

function orderLines(sku: string) {
  return [{ sku, quantity: 1, unitPriceCents: UNIT_PRICE_CENTS }];
}

/**
 * (a) POST /orders?wait=30 through the real API. Done when the saga is COMPLETED: at the 200
 * itself if it carries the final state, otherwise (the route may answer once the order is
 * confirmed, at AWAITING_DISPATCH, or with a 202 after 30 s) when the workflow's result arrives
 * through the client, so that a slot never starts a new order while its previous one still runs.
 */
export function sagaOverRest(stack: BenchStack, skus: readonly string[]): Workload {
  return {
    name: 'saga-rest',
    description: 'order saga, POST /orders?wait=30 (one SKU per order)',
    async op(i) {
      const start = performance.now();
      const orderId = `ord_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      const workflowId = orderWorkflowId(orderId);
      const res = await stack.api.request('POST', '/orders?wait=30', {
        key: TEST_KEYS.commands,
        body: {
          orderId,
          customerId: `cus_${randomUUID().slice(0, 8)}`,
          lines: orderLines(skuAt(skus, i)),
          shippingAddress: SHIPPING_ADDRESS,
          payment: { card: CARD },
        },
      });
      const text = await res.text();
      const ms = performance.now() - start;
      if (res.status !== 200 && res.status !== 202) return { ok: false, reason: `HTTP ${res.status}: ${text.slice(0, 200)}` };
      const status = res.status === 200 ? (JSON.parse(text) as { status?: string }).status ?? '?' : 'accepted';
      const final = FINAL.includes(status) ? status : (await stack.client.workflow.getHandle<typeof orderFulfilmentSaga>(workflowId).result()).status;
      if (final !== 'COMPLETED') return { ok: false, reason: `saga ended ${final}` };
      return { ok: true, workflowId, answer: { ms, status: `${res.status} ${status}` } };
    },
  };
}

const FINAL: readonly string[] = ['COMPLETED', 'COMPENSATED', 'REJECTED', 'CANCELLED', 'COMPENSATION_FAILED'];

/**
 * (c) The same saga started and awaited with the Temporal client, as the route does it (same
 * search attributes, a tokenized card) minus HTTP, auth, validation and the card-vault insert:
 * the difference to (a) is the REST layer's share.
 */
export async function sagaOverClient(stack: BenchStack, skus: readonly string[]): Promise<Workload> {
  const payment = await new CardVault(stack.db, stack.api.deps.dataKeys).store(CARD);
  return {
    name: 'saga-client',
    description: 'order saga, client.workflow.execute (no REST)',
    async op(i) {
      const orderId = `ord_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      const customerId = `cus_${randomUUID().slice(0, 8)}`;
      const input: OrderFulfilmentInput = {
        orderId,
        customerId,
        lines: orderLines(skuAt(skus, i)),
        shippingAddress: SHIPPING_ADDRESS,
        payment,
        correlationId: randomUUID(),
        policy: stack.api.config.orders,
      };
      const workflowId = orderWorkflowId(orderId);
      const state = await stack.client.workflow.execute<typeof orderFulfilmentSaga>(ORDER_FULFILMENT_WORKFLOW, {
        taskQueue: stack.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowExecutionTimeout: '5 minutes',
        typedSearchAttributes: new TypedSearchAttributes([
          { key: OrderIdAttribute, value: orderId },
          { key: CustomerIdAttribute, value: customerId },
          { key: OrderTotalAttribute, value: UNIT_PRICE_CENTS / 100 },
          { key: SagaStatusAttribute, value: 'RUNNING' },
        ]),
      });
      return state.status === 'COMPLETED' ? { ok: true, workflowId } : { ok: false, reason: `saga ${state.status}: ${state.outcomeReason ?? ''}` };
    },
  };
}

/** (b) The engine's ceiling: `activities` no-op activities in a row, started with the client. */
export function bareChain(stack: BenchStack, activities: number): Workload {
  return {
    name: 'bare',
    description: `bare workflow, ${activities} no-op activities, client.workflow.execute`,
    async op() {
      const workflowId = `bench-noop-${randomUUID()}`;
      const ran = await stack.client.workflow.execute<typeof noopChain>('noopChain', {
        taskQueue: stack.taskQueue,
        workflowId,
        args: [activities],
        workflowExecutionTimeout: '5 minutes',
      });
      return ran === activities ? { ok: true, workflowId } : { ok: false, reason: `ran ${ran} activities` };
    },
  };
}

function skuAt(skus: readonly string[], i: number): string {
  const sku = skus[i];
  if (sku === undefined) throw new Error(`no SKU stocked for operation ${i}`);
  return sku;
}
