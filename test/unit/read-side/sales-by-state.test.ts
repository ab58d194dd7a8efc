import { describe, expect, it } from 'vitest';
import { readSalesByState, saleId, salesByStateView, SALES_TOTALS_ID, type OrderSaleDocument } from '../../../shared/domain/ordering/views/sales-by-state';
import type { ViewDocument, ViewStore } from '../../../shared/platform/projections/view-store';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';
import { ev, given } from './view-fixtures';

const placed = (orderId: string, state: string, dollars: number) =>
  ev(`order-${orderId}`, 1, 'order-placed', {
    orderId, customerId: `cus_${orderId}`, lines: [{ sku: 'A', quantity: 1, unitPriceCents: dollars * 100, lineTotalCents: dollars * 100 }],
    shippingAddress: { name: 'N', line1: 'L', city: 'C', state, zip: '10001' }, totalCents: dollars * 100, currency: 'USD',
  });
const confirmed = (orderId: string, v = 2) => ev(`order-${orderId}`, v, 'order-confirmed', { orderId, customerId: `cus_${orderId}`, totalCents: 0, currency: 'USD' });
const cancelled = (orderId: string, v = 3) => ev(`order-${orderId}`, v, 'order-cancelled', { orderId, reason: 'changed mind' });
const rejected = (orderId: string, v = 2) => ev(`order-${orderId}`, v, 'order-rejected', { orderId, reason: 'no stock', source: 'fulfilment' });

/** The talk's CQRS example. */
const TALK = [
  ['carlos', 'NY', 4000], ['ann', 'AZ', 300], ['pritha', 'CA', 1000], ['antoni', 'CA', 340], ['amani', 'AZ', 2133],
] as const;

describe('sales by state view', () => {
  it("sums confirmed orders per state: the talk's table", async () => {
    const events = TALK.flatMap(([id, state, dollars]) => [placed(id, state, dollars), confirmed(id)]);
    await given(salesByStateView).when(...events).thenRead(readSalesByState, {
      states: [
        { state: 'AZ', amountCents: 243_300, orders: 2 },
        { state: 'CA', amountCents: 134_000, orders: 2 },
        { state: 'NY', amountCents: 400_000, orders: 1 },
      ],
      total: { amountCents: 777_300, orders: 5 },
    });
  });

  it('counts an order only once confirmed, and never a rejected one', async () => {
    await given(salesByStateView, [placed('a', 'NY', 10), placed('b', 'NY', 20), rejected('b')])
      .when(placed('c', 'TX', 5))
      .thenRead(readSalesByState, { states: [], total: { amountCents: 0, orders: 0 } });
  });

  it('an order cancelled after confirmation leaves the totals', async () => {
    await given(salesByStateView, [placed('a', 'NY', 10), confirmed('a'), placed('b', 'NY', 20), confirmed('b')])
      .when(cancelled('a'))
      .thenRead(readSalesByState, { states: [{ state: 'NY', amountCents: 2_000, orders: 1 }], total: { amountCents: 2_000, orders: 1 } });
  });

  it('a crash between the totals and the contribution write neither loses nor double-counts the order', async () => {
    const memory = new MemoryViewStore();
    let crash = true;
    const crashing: ViewStore = {
      get: (id) => memory.get(id),
      async put<D extends ViewDocument>(next: D, previous: D | null) {
        if (crash && next._id === saleId('a') && (next as unknown as OrderSaleDocument).version === 2) {
          crash = false;
          throw new Error('process died');
        }
        return memory.put(next, previous);
      },
    };
    await salesByStateView.apply(crashing, placed('a', 'NY', 10));
    await expect(salesByStateView.apply(crashing, confirmed('a'))).rejects.toThrow('process died');
    expect((await memory.get<OrderSaleDocument>(saleId('a')))?.version).toBe(1);
    expect((await memory.get(SALES_TOTALS_ID)) as unknown).toMatchObject({ states: { NY: { amountCents: 1_000, orders: 1 } } });

    await salesByStateView.apply(crashing, confirmed('a'));
    expect((await memory.get<OrderSaleDocument>(saleId('a')))?.version).toBe(2);
    expect(await readSalesByState(memory)).toEqual({ states: [{ state: 'NY', amountCents: 1_000, orders: 1 }], total: { amountCents: 1_000, orders: 1 } });
  });

  it("another order's change finishes the contribution a crash left behind", async () => {
    const memory = new MemoryViewStore();
    const crashing: ViewStore = {
      get: (id) => memory.get(id),
      async put<D extends ViewDocument>(next: D, previous: D | null) {
        if (next._id === saleId('a') && (next as unknown as OrderSaleDocument).version === 2) throw new Error('process died');
        return memory.put(next, previous);
      },
    };
    await salesByStateView.apply(memory, placed('a', 'NY', 10));
    await expect(salesByStateView.apply(crashing, confirmed('a'))).rejects.toThrow('process died');
    await salesByStateView.apply(memory, placed('b', 'CA', 7));
    await salesByStateView.apply(memory, confirmed('b'));
    expect((await memory.get<OrderSaleDocument>(saleId('a')))?.version).toBe(2);
    await salesByStateView.apply(memory, confirmed('a'));
    expect((await readSalesByState(memory)).total).toEqual({ amountCents: 1_700, orders: 2 });
  });
});
