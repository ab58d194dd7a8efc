import { describe, expect, it } from 'vitest';
import { eventsOfOrder, orderStreams, sagaTimeline } from '../../../api/console/saga-timeline';
import { eventsUpTo } from '../../../api/console/events-up-to';
import type { OrderPlacedPayload } from '../../../shared/domain/ordering/order/order-events';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';

let seq = 0;
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s));
function envelope(streamId: string, version: number, type: string, payload: object, second: number): EventEnvelope {
  seq += 1;
  return { type, eventId: `e-${seq}`, correlationId: 'c', causationId: 'c', streamId, version, timestamp: at(second), schemaVersion: 1, payload };
}

const placed = envelope('order-o-1', 1, 'order-placed', {
  orderId: 'o-1', customerId: 'cus_1', lines: [{ sku: 'WX', quantity: 1, unitPriceCents: 100, lineTotalCents: 100 }],
  shippingAddress: { name: 'A', line1: '1 St', city: 'SF', state: 'CA', zip: '94103' }, totalCents: 100, currency: 'USD',
}, 0);
const stock = [
  envelope('stock-WX', 1, 'stock-received', { sku: 'WX', quantity: 5, onHandAfter: 5 }, 0),
  envelope('stock-WX', 2, 'stock-reserved', { sku: 'WX', orderId: 'o-1', quantity: 1 }, 1),
  envelope('stock-WX', 3, 'stock-reserved', { sku: 'WX', orderId: 'o-2', quantity: 1 }, 2),
  envelope('stock-WX', 4, 'stock-released', { sku: 'WX', orderId: 'o-1', quantity: 1, reason: 'order rejected: card-declined' }, 4),
];
const payment = [envelope('payment-o-1', 1, 'payment-declined', { orderId: 'o-1', amountCents: 100, currency: 'USD', declineCode: 'card-declined', reason: 'declined' }, 3)];
const rejected = envelope('order-o-1', 2, 'order-rejected', { orderId: 'o-1', reason: 'card-declined', source: 'fulfilment' }, 5);

describe('saga timeline', () => {
  it("keeps only a shared stream's events that name the order", () => {
    expect(eventsOfOrder('o-1', stock).map((e) => e.version)).toEqual([2, 4]);
  });

  it('reads the order\'s own stream, its payment and shipment, the stock of each SKU and the customer\'s points', () => {
    expect(orderStreams(placed.payload as OrderPlacedPayload)).toEqual(['order-o-1', 'payment-o-1', 'shipment-o-1', 'stock-WX', 'points-cus_1']);
  });

  it('interleaves the order\'s streams by time and tags each event with the step it completed, failed or compensated', async () => {
    const timeline = await sagaTimeline([[placed, rejected], eventsOfOrder('o-1', stock), payment]);
    expect(timeline.map((e) => [e.eventType, e.step, e.outcome])).toEqual([
      ['order-placed', 'place-order', 'completed'],
      ['stock-reserved', 'reserve-stock:WX', 'completed'],
      ['payment-declined', 'authorize-payment', 'failed'],
      ['stock-released', 'reserve-stock:WX', 'compensated'],
      ['order-rejected', null, null],
    ]);
    expect(timeline[3]).toMatchObject({ streamId: 'stock-WX', version: 4, reason: 'order rejected: card-declined', at: at(4).toISOString() });
  });

  it("tags the order's record of undos that failed for good with the steps and their reasons", async () => {
    const failed = envelope('order-o-1', 3, 'order-compensation-failed', { orderId: 'o-1', failures: [{ step: 'authorize-payment', reason: 'reversals-suspended: under review' }] }, 6);
    const entry = (await sagaTimeline([[placed, failed]])).at(-1);
    expect(entry).toMatchObject({ step: 'authorize-payment', outcome: 'compensation-failed', reason: 'reversals-suspended: under review' });
    const two = envelope('order-o-1', 4, 'order-compensation-failed', { orderId: 'o-1', failures: [{ step: 'authorize-payment', reason: 'a' }, { step: 'schedule-shipment', reason: 'b' }] }, 7);
    expect((await sagaTimeline([[placed, two]])).at(-1)).toMatchObject({ step: 'authorize-payment, schedule-shipment', reason: 'authorize-payment: a; schedule-shipment: b' });
  });
});

describe('state as of', () => {
  const events = [placed, rejected];
  it('folds up to a version, or every event recorded at or before an instant', () => {
    expect(eventsUpTo(events, null, 1)).toEqual([placed]);
    expect(eventsUpTo(events, null, 0)).toEqual([]);
    expect(eventsUpTo(events, at(5), undefined)).toEqual(events);
    expect(eventsUpTo(events, new Date(at(5).getTime() - 1), undefined)).toEqual([placed]);
    expect(eventsUpTo(events, new Date(at(0).getTime() - 1), undefined)).toEqual([]);
    expect(eventsUpTo(events, null, undefined)).toEqual(events);
  });
});
