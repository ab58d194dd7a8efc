import { describe, expect, it } from 'vitest';
import { candidateStreams, streamKindOf } from '../../../api/console/stream-kinds';
import { toJsonState } from '../../../api/console/json-state';

describe('stream kinds', () => {
  it('knows the aggregate of a stream by its id prefix, and nothing of other streams', () => {
    expect(streamKindOf('order-o-1')?.aggregate).toBe('Order');
    expect(streamKindOf('points-cus_1')?.aggregate).toBe('PointsAccount');
    expect(streamKindOf('stock-WIDGET')?.kind).toBe('stock');
    expect(streamKindOf('order-')).toBeUndefined();
    expect(streamKindOf('orders-o-1')).toBeUndefined();
    expect(streamKindOf('return-r-1')).toBeUndefined();
    expect(streamKindOf('order-returns-o-1')?.aggregate).toBe('OrderReturns');
    expect(streamKindOf('return-refund-ret_1')?.aggregate).toBe('ReturnRefund');
    expect(streamKindOf('inventory-return-ret_1')?.aggregate).toBe('ReturnedStock');
  });

  it('expands a business key into the streams it may name', () => {
    expect(candidateStreams('o-1', 'order').map((c) => c.streamId)).toEqual(['order-o-1', 'payment-o-1', 'shipment-o-1', 'order-returns-o-1']);
    expect(candidateStreams('ret_1', 'return').map((c) => c.streamId)).toEqual(['return-refund-ret_1', 'return-shipment-ret_1', 'inventory-return-ret_1', 'loyalty-return-ret_1']);
    expect(candidateStreams('cus_1', 'customer').map((c) => c.streamId)).toEqual(['customer-cus_1', 'points-cus_1']);
    expect(candidateStreams('widget', 'sku').map((c) => c.streamId)).toEqual(['stock-widget', 'stock-WIDGET']);
    const any = candidateStreams('order-o-1').map((c) => c.streamId);
    expect(any[0]).toBe('order-o-1');
    expect(any).toContain('lead-order-o-1');
    expect(new Set(any).size).toBe(any.length);
  });
});

describe('state as JSON', () => {
  it('turns Maps into objects, Sets into arrays and Dates into ISO strings, at any depth', () => {
    const state = { sku: 'W', reservations: new Map([['o-1', 2]]), tags: new Set(['a']), at: new Date('2026-01-01T00:00:00Z'), nested: [{ m: new Map([['k', { d: new Date(0) }]]) }], gone: undefined };
    expect(toJsonState(state)).toEqual({ sku: 'W', reservations: { 'o-1': 2 }, tags: ['a'], at: '2026-01-01T00:00:00.000Z', nested: [{ m: { k: { d: '1970-01-01T00:00:00.000Z' } } }] });
  });

  it('keeps an id such as "__proto__" as a key, not a prototype', () => {
    const json = toJsonState(new Map([['__proto__', 1]])) as Record<string, unknown>;
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect(Object.keys(json)).toEqual(['__proto__']);
    expect(JSON.stringify(json)).toBe('{"__proto__":1}');
  });
});
