import { describe, expect, it } from 'vitest';
import type { RequestReturn, ShippedOrder } from '../../../shared/domain/ordering/returns/order-returns-commands';
import { orderReturnsDecider } from '../../../shared/domain/ordering/returns/order-returns-decider';
import type { OrderReturnsEvent, ReturnRequested } from '../../../shared/domain/ordering/returns/order-returns-events';
import { given } from '../../support/given-when-then';

const DAY = 86_400_000;
const order: ShippedOrder = {
  orderId: 'o-1',
  customerId: 'c-1',
  lines: [{ sku: 'SKU-A', quantity: 3, unitPriceCents: 1000, lineTotalCents: 3000 }, { sku: 'SKU-B', quantity: 1, unitPriceCents: 500, lineTotalCents: 500 }],
  dispatchedAt: '2026-01-01T00:00:00.000Z',
};
const request = (returnId: string, lines: { sku: string; quantity: number }[], overrides: Partial<RequestReturn> = {}): RequestReturn => ({
  type: 'request-return', returnId, order, lines, reason: 'no-longer-needed', requestedAt: '2026-01-05T00:00:00.000Z', returnWindowMs: 30 * DAY, ...overrides,
});
const requested = (returnId: string, lines: { sku: string; quantity: number; unitPriceCents: number }[]): ReturnRequested => {
  const returned = lines.map((l) => ({ ...l, refundCents: l.quantity * l.unitPriceCents }));
  return {
    type: 'return-requested',
    payload: {
      returnId, orderId: 'o-1', customerId: 'c-1', lines: returned, refundCents: returned.reduce((n, l) => n + l.refundCents, 0), currency: 'USD',
      reason: 'no-longer-needed', dispatchedAt: order.dispatchedAt as string, orderUnits: 4,
    },
  };
};
const refunded = (returnId: string, amountCents: number): OrderReturnsEvent => ({ type: 'return-refund-recorded', payload: { returnId, orderId: 'o-1', refundId: 'ref_1', amountCents } });
const restocked = (returnId: string): OrderReturnsEvent => ({ type: 'return-stock-recorded', payload: { returnId, orderId: 'o-1', disposition: 'restocked' } });

describe("ordering's returns of an order", () => {
  it('accepts a return of shipped goods and prices the refund from the order lines', () => {
    given(orderReturnsDecider).when(request('r-1', [{ sku: 'SKU-A', quantity: 2 }])).then([requested('r-1', [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 1000 }])]);
  });

  it('the same request again changes nothing; the same id with other lines is refused', () => {
    const history = [requested('r-1', [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 1000 }])];
    given(orderReturnsDecider, history).when(request('r-1', [{ sku: 'SKU-A', quantity: 2 }])).then([]);
    given(orderReturnsDecider, history).when(request('r-1', [{ sku: 'SKU-A', quantity: 1 }])).thenRejected('return-already-requested');
  });

  it('refuses an order not dispatched, a closed window, and more than was shipped counting earlier returns', () => {
    given(orderReturnsDecider).when(request('r-1', [{ sku: 'SKU-A', quantity: 1 }], { order: { ...order, dispatchedAt: null } })).thenRejected('order-not-dispatched');
    given(orderReturnsDecider).when(request('r-1', [{ sku: 'SKU-A', quantity: 1 }], { requestedAt: '2026-02-01T00:00:01.000Z' })).thenRejected('return-window-closed');
    given(orderReturnsDecider, [requested('r-1', [{ sku: 'SKU-A', quantity: 2, unitPriceCents: 1000 }])])
      .when(request('r-2', [{ sku: 'SKU-A', quantity: 2 }])).thenRejected('return-exceeds-shipped', { shipped: 3, alreadyReturned: 2, requested: 2 });
    given(orderReturnsDecider).when(request('r-1', [{ sku: 'SKU-C', quantity: 1 }])).thenRejected('return-exceeds-shipped', { shipped: 0 });
  });

  it('completes a return once it has seen both the refund and the goods, in either order', () => {
    const history = [requested('r-1', [{ sku: 'SKU-A', quantity: 3, unitPriceCents: 1000 }, { sku: 'SKU-B', quantity: 1, unitPriceCents: 500 }])];
    const completed: OrderReturnsEvent = {
      type: 'return-completed', payload: { returnId: 'r-1', orderId: 'o-1', refundedCents: 3500, currency: 'USD', disposition: 'restocked', orderFullyReturned: true },
    };
    given(orderReturnsDecider, [...history, restocked('r-1')])
      .when({ type: 'record-return-refund', returnId: 'r-1', refundId: 'ref_1', amountCents: 3500 }).then([refunded('r-1', 3500), completed]);
    given(orderReturnsDecider, [...history, refunded('r-1', 3500)])
      .when({ type: 'record-return-stock', returnId: 'r-1', disposition: 'restocked' }).then([restocked('r-1'), completed]);
  });

  it('a partial return completes without the order being returned in full', () => {
    const state = given(orderReturnsDecider, [requested('r-1', [{ sku: 'SKU-A', quantity: 1, unitPriceCents: 1000 }]), restocked('r-1')])
      .when({ type: 'record-return-refund', returnId: 'r-1', refundId: 'ref_1', amountCents: 1000 })
      .then([refunded('r-1', 1000), {
        type: 'return-completed', payload: { returnId: 'r-1', orderId: 'o-1', refundedCents: 1000, currency: 'USD', disposition: 'restocked', orderFullyReturned: false },
      }]);
    expect(state.returns.get('r-1')?.status).toBe('completed');
  });

  it('fails a return whose refund failed for good; later reports about it change nothing', () => {
    const history = [requested('r-1', [{ sku: 'SKU-A', quantity: 1, unitPriceCents: 1000 }])];
    const failed: OrderReturnsEvent = { type: 'return-failed', payload: { returnId: 'r-1', orderId: 'o-1', participant: 'payments', code: 'expired-card', reason: 'card expired' } };
    given(orderReturnsDecider, history).when({ type: 'record-return-refund-failure', returnId: 'r-1', code: 'expired-card', reason: 'card expired' }).then([failed]);
    given(orderReturnsDecider, [...history, failed]).when({ type: 'record-return-stock', returnId: 'r-1', disposition: 'restocked' }).then([]);
    given(orderReturnsDecider, [...history, failed]).when({ type: 'record-return-refund-failure', returnId: 'r-1', code: 'expired-card', reason: 'card expired' }).then([]);
  });

  it('a report about a return it never accepted is refused', () => {
    given(orderReturnsDecider).when({ type: 'record-return-stock', returnId: 'r-9', disposition: 'restocked' }).thenRejected('unknown-return');
  });
});
