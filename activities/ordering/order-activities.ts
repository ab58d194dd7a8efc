import { orderDecider } from '../../shared/domain/ordering/order/order-decider';
import { orderStreamId } from '../../shared/domain/ordering/order/order-stream';
import type { CommandRunner } from '../kernel/command-runner';
import type { OrderFulfilmentActivities } from './order-fulfilment-activities';

type OrderActivities = Pick<
  OrderFulfilmentActivities,
  'placeOrder' | 'requestOrderReview' | 'approveOrderReview' | 'rejectOrderReview' | 'confirmOrder' | 'rejectOrder' | 'cancelOrder'
>;

export function createOrderActivities(runner: CommandRunner): OrderActivities {
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
    rejectOrder: async ({ orderId, correlationId, reason }) => { await runner.run(orders, on(orderId), { type: 'reject-order', reason: clip(reason) }, { correlationId }); },
    cancelOrder: async ({ orderId, correlationId, reason }) => { await runner.run(orders, on(orderId), { type: 'cancel-order', reason: clip(reason) }, { correlationId }); },
  };
}

/** Reasons built from failure messages can exceed the 500-character limit of a reason. */
export function clip(reason: string): string {
  return reason.length <= 500 ? reason : `${reason.slice(0, 497)}...`;
}
