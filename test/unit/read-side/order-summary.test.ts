import { describe, expect, it } from 'vitest';
import { orderSummaryView, readOrderSummary } from '../../../shared/domain/ordering/views/order-summary';
import { ProjectionOrderError } from '../../../shared/platform/projections/projection-view';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';
import { at, ev, given } from './view-fixtures';

const address = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };
const lines = [
  { sku: 'TEE', quantity: 2, unitPriceCents: 1_000, lineTotalCents: 2_000 },
  { sku: 'MUG', quantity: 1, unitPriceCents: 500, lineTotalCents: 500 },
];
const o = 'order-o1';
const placed = ev(o, 1, 'order-placed', { orderId: 'o1', customerId: 'cus_1', lines, shippingAddress: address, totalCents: 2_500, currency: 'USD' }, 1);
const reservedTee = ev('stock-TEE', 7, 'stock-reserved', { sku: 'TEE', orderId: 'o1', quantity: 2, availableAfter: 3 }, 2);
const reservedMug = ev('stock-MUG', 3, 'stock-reserved', { sku: 'MUG', orderId: 'o1', quantity: 1, availableAfter: 9 }, 2);
const authorized = ev('payment-o1', 1, 'payment-authorized', { orderId: 'o1', amount: { amountCents: 2_500, currency: 'USD' }, authorizationId: 'auth_1', cardLast4: '4242' }, 3);
const scheduled = ev('shipment-o1', 1, 'shipment-scheduled', { orderId: 'o1', address, carrier: 'sim', trackingId: 'trk_1', estimatedDeliveryDate: '2026-01-05' }, 4);
const captured = ev('payment-o1', 2, 'payment-captured', { orderId: 'o1', amountCents: 2_500, currency: 'USD', authorizationId: 'auth_1', captureId: 'cap_1' }, 5);
const awarded = ev('points-cus_1', 4, 'points-awarded', { customerId: 'cus_1', orderId: 'o1', points: 25, balanceAfter: 90 }, 6);
const confirmed = ev(o, 2, 'order-confirmed', { orderId: 'o1', customerId: 'cus_1', totalCents: 2_500, currency: 'USD' }, 7);
const HAPPY = [placed, reservedTee, reservedMug, authorized, scheduled, captured, awarded, confirmed];

const summary = (reader: Parameters<typeof readOrderSummary>[0]) => readOrderSummary(reader, 'o1');

describe('order summary view', () => {
  it('puts the order together from its streams, with the saga steps in saga order', async () => {
    const dispatched = ev('shipment-o1', 2, 'shipment-dispatched', { orderId: 'o1', carrier: 'sim', trackingId: 'trk_1', dispatchedAt: '2026-01-01T00:09:00Z' }, 9);
    const store = await given(orderSummaryView, HAPPY).when(dispatched).applied();
    expect(await summary(store)).toStrictEqual({
      orderId: 'o1', customerId: 'cus_1', status: 'dispatched', review: 'not-requested', lines, totalCents: 2_500, currency: 'USD',
      shippingAddress: address, placedAt: at(1), confirmedAt: at(7), closedAt: null, outcomeReason: null,
      saga: {
        stepsCompleted: ['place-order', 'reserve-stock:TEE', 'reserve-stock:MUG', 'authorize-payment', 'schedule-shipment', 'capture-payment', 'award-loyalty-points', 'confirm-order', 'dispatch-shipment'],
        stepsCompensated: [],
        stepsFailed: [],
      },
      payment: { status: 'captured', amountCents: 2_500, authorizationId: 'auth_1', captureId: 'cap_1' },
      shipment: { status: 'dispatched', carrier: 'sim', trackingId: 'trk_1', estimatedDeliveryDate: '2026-01-05' },
      stock: [{ sku: 'TEE', status: 'reserved', quantity: 2 }, { sku: 'MUG', status: 'reserved', quantity: 1 }],
      loyalty: { points: 25, status: 'awarded' },
      version: 2,
      sources: [
        { streamId: o, version: 2 }, { streamId: 'payment-o1', version: 2 }, { streamId: 'shipment-o1', version: 2 },
        { streamId: 'points-cus_1', version: 4 }, { streamId: 'stock-TEE', version: 7 }, { streamId: 'stock-MUG', version: 3 },
      ],
      updatedAt: at(9),
    });
  });

  it('says confirmed until the shipment leaves, then dispatched (a fact of the shipment stream)', async () => {
    expect(await summary(await given(orderSummaryView, HAPPY).when().applied())).toMatchObject({ status: 'confirmed', shipment: { status: 'scheduled' } });
    const dispatched = ev('shipment-o1', 2, 'shipment-dispatched', { orderId: 'o1', carrier: 'sim', trackingId: 'trk_1', dispatchedAt: '2026-01-01T00:09:00Z' }, 9);
    expect(await summary(await given(orderSummaryView, HAPPY).when(dispatched).applied())).toMatchObject({ status: 'dispatched', confirmedAt: at(7) });
  });

  it('shows the compensations of a cancelled order, newest step first, and why', async () => {
    const store = await given(orderSummaryView, HAPPY).when(
      ev('points-cus_1', 5, 'points-revoked', { customerId: 'cus_1', orderId: 'o1', points: 25, reason: 'cancelled', balanceAfter: 65 }, 10),
      ev('shipment-o1', 2, 'shipment-cancelled', { orderId: 'o1', carrier: 'sim', trackingId: 'trk_1', reason: 'cancelled' }, 11),
      ev('payment-o1', 3, 'payment-refunded', { orderId: 'o1', amountCents: 2_500, currency: 'USD', captureId: 'cap_1', refundId: 'ref_1', reason: 'cancelled' }, 12),
      ev('stock-TEE', 9, 'stock-released', { sku: 'TEE', orderId: 'o1', quantity: 2, reason: 'cancelled', availableAfter: 5 }, 13),
      ev('stock-MUG', 4, 'stock-released', { sku: 'MUG', orderId: 'o1', quantity: 1, reason: 'cancelled', availableAfter: 10 }, 13),
      ev(o, 3, 'order-cancelled', { orderId: 'o1', reason: 'changed my mind' }, 14),
    ).applied();
    const s = await summary(store);
    expect(s).toMatchObject({ status: 'cancelled', closedAt: at(14), outcomeReason: 'changed my mind', version: 3, payment: { status: 'refunded' }, loyalty: { status: 'revoked' } });
    expect(s?.saga.stepsCompensated).toEqual(['award-loyalty-points', 'schedule-shipment', 'authorize-payment', 'reserve-stock:MUG', 'reserve-stock:TEE']);
  });

  it('names the failed step of a rejected order', async () => {
    const store = await given(orderSummaryView, [placed, reservedTee]).when(
      ev('stock-MUG', 3, 'stock-reservation-failed', { sku: 'MUG', orderId: 'o1', requested: 1, available: 0 }, 2),
      ev('stock-TEE', 8, 'stock-released', { sku: 'TEE', orderId: 'o1', quantity: 2, reason: 'rejected', availableAfter: 5 }, 3),
      ev(o, 2, 'order-rejected', { orderId: 'o1', reason: 'insufficient-stock: Only 0 of MUG available', source: 'fulfilment' }, 4),
    ).applied();
    expect((await summary(store))?.saga).toEqual({
      stepsCompleted: ['place-order', 'reserve-stock:TEE'],
      stepsCompensated: ['reserve-stock:TEE'],
      stepsFailed: [{ step: 'reserve-stock:MUG', reason: 'insufficient-stock: 0 available, 1 requested' }],
    });
  });

  it('shows a review: requested, then approved as a completed step', async () => {
    const store = await given(orderSummaryView, [placed]).when(
      ev(o, 2, 'order-review-requested', { orderId: 'o1', totalCents: 2_500, reason: 'large' }, 2),
      ev(o, 3, 'order-review-approved', { orderId: 'o1', reviewer: 'rev@example.com' }, 3),
    ).applied();
    expect(await summary(store)).toMatchObject({ review: 'approved', status: 'pending', saga: { stepsCompleted: ['place-order', 'await-review'] } });
  });

  it('has no summary before the order itself is projected, even if other streams are', async () => {
    await given(orderSummaryView).when(authorized, reservedTee).thenRead(summary, null);
  });

  it('refuses an event of a stream whose earlier events it has not seen', async () => {
    await expect(orderSummaryView.apply(new MemoryViewStore(), captured)).rejects.toBeInstanceOf(ProjectionOrderError);
  });
});
