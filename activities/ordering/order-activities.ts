import { orderDecider } from '../../shared/domain/ordering/order/order-decider';
import { orderStreamId } from '../../shared/domain/ordering/order/order-stream';
import type { CommandRunner } from '../kernel/command-runner';
import type { SagaMetrics } from '../kernel/saga-metrics';
import type { OrderFulfilmentActivities } from './order-fulfilment-activities';

type OrderActivities = Pick<
  OrderFulfilmentActivities,
  'placeOrder' | 'requestOrderReview' | 'approveOrderReview' | 'rejectOrderReview' | 'confirmOrder' | 'rejectOrder' | 'cancelOrder' | 'recordCompensationFailure'
>;

export function createOrderActivities(runner: CommandRunner, metrics: SagaMetrics): OrderActivities {
  const orders = runner.repository(orderDecider, 'order-v1');
  const on = (orderId: string) => orderStreamId(orderId);
  return {
    placeOrder: async ({ orderId, correlationId, customerId, lines, shippingAddress }) => {
      const { state } = await runner.run(orders, on(orderId), { type: 'place-order', orderId, customerId, lines, shippingAddress }, { correlationId });
      if (state.status === 'not-placed') throw new Error(`order ${orderId} was not placed`);
      return { totalCents: state.order.totalCents };
    },
    requestOrderReview: async ({ orderId, correlationId, reason }) => { await runner.run(orders, on(orderId), { type: 'request-order-review', reason }, { correlationId }); },
    approveOrderReview: async ({ orderId, correlationId, reviewer, note }) => {
      await runner.run(orders, on(orderId), { type: 'approve-order-review', reviewer, ...(note ? { note } : {}) }, { correlationId });
    },
    rejectOrderReview: async ({ orderId, correlationId, reviewer, reason }) => { await runner.run(orders, on(orderId), { type: 'reject-order-review', reviewer, reason }, { correlationId }); },
    confirmOrder: async ({ orderId, correlationId }) => { await runner.run(orders, on(orderId), { type: 'confirm-order' }, { correlationId }); },
    rejectOrder: async ({ orderId, correlationId, reason }) => {
      // A confirmation whose answer was lost (a timeout after the write) left the order confirmed:
      // a confirmed order is not rejected, its undo is a cancellation.
      const { state } = await orders.load(on(orderId));
      const type = state.status === 'confirmed' || state.status === 'cancelled' ? 'cancel-order' : 'reject-order';
      await runner.run(orders, on(orderId), { type, reason: clip(reason) }, { correlationId });
    },
    cancelOrder: async ({ orderId, correlationId, reason }) => { await runner.run(orders, on(orderId), { type: 'cancel-order', reason: clip(reason) }, { correlationId }); },
    recordCompensationFailure: async ({ orderId, correlationId, failures }) => {
      const { state } = await orders.load(on(orderId));
      if (state.status !== 'not-placed') {
        const command = { type: 'record-compensation-failure' as const, failures: failures.map((f) => ({ step: f.step, reason: clip(f.reason) })) };
        await runner.run(orders, on(orderId), command, { correlationId });
      }
      for (const { step } of failures) metrics.compensationFailures.inc({ step: step.startsWith('reserve-stock:') ? 'reserve-stock' : step });
    },
  };
}

/** Reasons built from failure messages can exceed the 500-character limit of a reason. */
export function clip(reason: string): string {
  return reason.length <= 500 ? reason : `${reason.slice(0, 497)}...`;
}
