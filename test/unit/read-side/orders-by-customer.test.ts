import { describe, expect, it } from 'vitest';
import { InvalidCursorError, ordersByCustomerView, pageCustomerOrders, readCustomerOrders } from '../../../shared/domain/ordering/views/orders-by-customer';
import { ProjectionOrderError } from '../../../shared/platform/projections/projection-view';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';
import { at, ev, given } from './view-fixtures';

const placed = (orderId: string, minute: number, customerId = 'cus_1', totalCents = 1_000) =>
  ev(`order-${orderId}`, 1, 'order-placed', {
    orderId, customerId, lines: [{ sku: 'A', quantity: 3, unitPriceCents: totalCents / 3, lineTotalCents: totalCents }],
    shippingAddress: { name: 'N', line1: 'L', city: 'C', state: 'AZ', zip: '85001' }, totalCents, currency: 'USD',
  }, minute);
const confirmed = (orderId: string, minute: number) => ev(`order-${orderId}`, 2, 'order-confirmed', { orderId, customerId: 'cus_1', totalCents: 0, currency: 'USD' }, minute);
const cancelled = (orderId: string, minute: number) => ev(`order-${orderId}`, 3, 'order-cancelled', { orderId, reason: 'no' }, minute);

const entry = (orderId: string, placedAt: number, status: string, version: number, updatedAt = placedAt) => ({
  orderId, version, status, totalCents: 1_000, currency: 'USD', itemCount: 3, shipToState: 'AZ', placedAt: at(placedAt), updatedAt: at(updatedAt),
});

describe('orders by customer view', () => {
  it("lists a customer's orders newest first, each with its latest status", async () => {
    await given(ordersByCustomerView, [placed('o1', 1), placed('o2', 5), placed('x9', 3, 'cus_2')])
      .when(confirmed('o1', 6), placed('o3', 7), cancelled('o1', 8))
      .thenRead((r) => readCustomerOrders(r, 'cus_1').then((d) => d?.orders), [
        entry('o3', 7, 'pending', 1), entry('o2', 5, 'pending', 1), entry('o1', 1, 'cancelled', 3, 8),
      ]);
  });

  it('pages with a cursor and filters by status', async () => {
    const store = await given(ordersByCustomerView).when(placed('o1', 1), placed('o2', 2), placed('o3', 3), placed('o4', 4), confirmed('o2', 5)).applied();
    const orders = (await readCustomerOrders(store, 'cus_1'))?.orders ?? [];
    const first = pageCustomerOrders('cus_1', orders, { limit: 3 });
    expect(first.orders.map((o) => o.orderId)).toEqual(['o4', 'o3', 'o2']);
    expect(first.total).toBe(4);
    const second = pageCustomerOrders('cus_1', orders, { limit: 3, cursor: first.nextCursor ?? '' });
    expect(second).toMatchObject({ orders: [{ orderId: 'o1' }], nextCursor: null });
    expect(pageCustomerOrders('cus_1', orders, { limit: 10, status: 'confirmed' }).orders.map((o) => o.orderId)).toEqual(['o2']);
    expect(() => pageCustomerOrders('cus_1', orders, { limit: 1, cursor: 'bm9wZQ' })).toThrow(InvalidCursorError);
  });

  it('refuses a later order event that arrives before order-placed named the customer', async () => {
    await expect(ordersByCustomerView.apply(new MemoryViewStore(), confirmed('o1', 1))).rejects.toBeInstanceOf(ProjectionOrderError);
  });
});
