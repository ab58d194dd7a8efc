import { isDeepStrictEqual } from 'node:util';
import { ServiceError } from '@temporalio/client';
import type { Db } from 'mongodb';
import { expect } from 'vitest';
import { SimulatedCarrier } from '../../../shared/adapters/simulated-carrier';
import { SimulatedPaymentGateway, TEST_CARDS } from '../../../shared/adapters/simulated-payment-gateway';
import { stockDecider } from '../../../shared/domain/inventory/stock/stock-decider';
import type { StockEvent } from '../../../shared/domain/inventory/stock/stock-events';
import { VIEW_NAMES } from '../../../shared/domain/view-catalog';
import { EventStore } from '../../../shared/platform/event-store';
import { fold } from '../../../shared/platform/event-store/decider';
import { OUTBOX_COLLECTIONS } from '../../../shared/platform/outbox/outbox-collections';
import { orderWorkflowId, type OrderSagaState } from '../../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import type { ApiHarness } from '../../support/api-harness';
import { orderBody, placeOrder, receiveStock, uniqueSku } from '../../support/orders';
import { allEvents, describeDifference, foldView, untilIdle, viewContent } from '../read-side/read-side-kit';

/** What each kind of order should end as (a Temporal cancel may also end it CANCELLED, unless it was dispatched first). */
const KINDS = [
  { kind: 'good', card: TEST_CARDS.visa, ends: ['COMPLETED'] },
  { kind: 'declined', card: TEST_CARDS.genericDecline, ends: ['COMPENSATED'] },
  { kind: 'unserviceable', card: TEST_CARDS.visa, state: 'HI', ends: ['COMPENSATED'] },
  { kind: 'flaky card', card: TEST_CARDS.flaky, ends: ['COMPLETED'] },
  { kind: 'capture declined', card: TEST_CARDS.captureDeclined, ends: ['COMPENSATED'] },
] as const;

export interface PlacedOrder {
  readonly kind: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly sku: string;
  readonly ends: readonly string[];
  cancelled: boolean;
}

/** Receives stock, then places `count` orders of every kind over REST (each answered 202). */
export async function placeOrders(api: ApiHarness, count: number): Promise<{ orders: PlacedOrder[]; skus: string[] }> {
  const skus = [uniqueSku('out-a'), uniqueSku('out-b'), uniqueSku('out-c')];
  for (const sku of skus) await receiveStock(api, sku, 200);
  const bodies = Array.from({ length: count }, (_, i) => {
    const kind = KINDS[i % KINDS.length]!;
    const sku = skus[i % skus.length]!;
    return { kind, sku, body: orderBody({ lines: [{ sku, quantity: 1 + (i % 3), unitPriceCents: 1_000 + i }], card: kind.card, ...('state' in kind ? { state: kind.state } : {}) }) };
  });
  const orders: PlacedOrder[] = [];
  await Promise.all(bodies.map(async ({ kind, sku, body }) => {
    const answer = await placeOrder(api, body);
    expect(answer.status).toBe(202);
    orders.push({ kind: kind.kind, orderId: body.orderId, customerId: body.customerId, sku, ends: kind.ends, cancelled: false });
  }));
  return { orders, skus };
}

/**
 * After an outage: every accepted order has its events and a readable outcome, no workflow ended
 * Failed, money is consistent (every capture belongs to a confirmed order or is refunded, no
 * authorization is left open), stock is held only for live orders, and every view equals the
 * fold of the event store.
 */
export async function expectConsistent(api: ApiHarness, db: Db, readDb: Db, orders: readonly PlacedOrder[], skus: readonly string[]): Promise<void> {
  const store = new EventStore(db);
  const gateway = new SimulatedPaymentGateway({ db });
  const carrier = new SimulatedCarrier({ db });
  const outcomes: Record<string, number> = {};
  for (const order of orders) {
    const handle = api.deps.temporal.client.workflow.getHandle(orderWorkflowId(order.orderId));
    const saga = (await handle.result()) as OrderSagaState;
    const what = `order ${order.orderId} (${order.kind}${order.cancelled ? ', cancelled through Temporal' : ''}): ${saga.outcomeReason ?? ''}`;
    outcomes[saga.status] = (outcomes[saga.status] ?? 0) + 1;
    expect((await handle.describe()).status.name, what).toBe('COMPLETED');
    expect([...order.ends, ...(order.cancelled ? ['CANCELLED'] : [])], what).toContain(saga.status);

    const events = (await store.readStream(`order-${order.orderId}`)).map((e) => e.type);
    const closing = { COMPLETED: 'order-confirmed', COMPENSATED: 'order-rejected', REJECTED: 'order-rejected', CANCELLED: 'order-cancelled' }[saga.status as string];
    expect(events[0], what).toBe('order-placed');
    expect(events.at(-1), what).toBe(closing);

    for (const auth of await gateway.findAuthorizations({ orderId: order.orderId })) {
      expect(auth.status === 'captured' ? saga.status === 'COMPLETED' : ['voided', 'refunded'].includes(auth.status), `${what}: authorization ${auth.status}, saga ${saga.status}`).toBe(true);
    }
    for (const shipment of await carrier.findShipments({ orderId: order.orderId })) {
      expect(shipment.status === 'dispatched' ? saga.status === 'COMPLETED' : shipment.status === 'cancelled', `${what}: shipment ${shipment.status}, saga ${saga.status}`).toBe(true);
    }
    const payment = (await store.readStream(`payment-${order.orderId}`)).map((e) => e.type).at(-1);
    const expectedPayment = saga.status === 'COMPLETED' ? ['payment-captured'] : [undefined, 'payment-declined', 'payment-voided', 'payment-refunded'];
    expect(expectedPayment, `${what}: payment stream ends ${String(payment)}`).toContain(payment);
  }
  for (const sku of skus) {
    const events = (await store.readStream(`stock-${sku}`)).map((e) => ({ type: e.type, payload: e.payload }) as StockEvent);
    const stock = fold(stockDecider, stockDecider.initialState, events);
    expect([...stock.reservations.keys()], `stock of ${sku} is held only for live orders (none are)`).toEqual([]);
  }
  console.info(`outcomes: ${JSON.stringify(outcomes)}`);

  await untilIdle(db);
  expect(await db.collection(OUTBOX_COLLECTIONS.deadLetters).countDocuments({})).toBe(0);
  const stored = await allEvents(db);
  for (const view of VIEW_NAMES) {
    const [live, folded] = [await viewContent(readDb, view), await foldView(view, stored)];
    expect(isDeepStrictEqual(live, folded), `${view} equals the fold of the event store: ${describeDifference(live, folded)}`).toBe(true);
  }
}

/** Resolves once at least `n` of the orders have run `steps` saga steps (read from the workflows). */
export async function untilProgress(api: ApiHarness, orders: readonly PlacedOrder[], n: number, steps: number): Promise<void> {
  for (;;) {
    let progressed = 0;
    for (const order of orders) {
      const state = await querySagaState(api, order.orderId);
      if (state !== undefined && state.stepsCompleted.length >= steps) progressed += 1;
    }
    if (progressed >= n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A query the worker cannot answer right now: it did not get to it in time (DEADLINE_EXCEEDED), or
 * the workflow's last task failed or timed out on a starved worker and waits for its retry
 * (FAILED_PRECONDITION). Neither is a verdict: the sagas' outcome is checked once they end.
 */
const QUERY_NOT_ANSWERED_YET: ReadonlySet<number> = new Set([4, 9]);

/** The saga's state, or undefined when the worker cannot answer yet (asked again next round). */
async function querySagaState(api: ApiHarness, orderId: string): Promise<OrderSagaState | undefined> {
  try {
    return (await api.deps.temporal.client.workflow.getHandle(orderWorkflowId(orderId)).query('sagaState')) as OrderSagaState;
  } catch (err) {
    if (err instanceof ServiceError && QUERY_NOT_ANSWERED_YET.has((err.cause as { code?: number } | undefined)?.code ?? -1)) return undefined;
    throw err;
  }
}
