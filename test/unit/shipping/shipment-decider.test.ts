import { describe, expect, it } from 'vitest';
import type { ScheduleShipment } from '../../../shared/domain/shipping/shipment/shipment-commands';
import { shipmentDecider } from '../../../shared/domain/shipping/shipment/shipment-decider';
import type { ShipmentEvent } from '../../../shared/domain/shipping/shipment/shipment-events';
import { shipmentStreamId } from '../../../shared/domain/shipping/shipment/shipment-stream';
import { given } from '../../support/given-when-then';

const address = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };
const schedule: ScheduleShipment = {
  type: 'schedule-shipment',
  orderId: 'ord-1',
  address,
  carrier: 'sim-parcel',
  trackingId: 'TRKABC123',
  estimatedDeliveryDate: '2026-03-18',
};
const scheduled: ShipmentEvent = {
  type: 'shipment-scheduled',
  payload: { orderId: 'ord-1', address, carrier: 'sim-parcel', trackingId: 'TRKABC123', estimatedDeliveryDate: '2026-03-18' },
};
const cancelled: ShipmentEvent = {
  type: 'shipment-cancelled',
  payload: { orderId: 'ord-1', carrier: 'sim-parcel', trackingId: 'TRKABC123', reason: 'payment failed' },
};
const dispatched: ShipmentEvent = {
  type: 'shipment-dispatched',
  payload: { orderId: 'ord-1', carrier: 'sim-parcel', trackingId: 'TRKABC123', dispatchedAt: '2026-03-16T09:00:00.000Z' },
};

describe('Shipment: schedule-shipment', () => {
  it('records the scheduled shipment', () => {
    const state = given(shipmentDecider).when(schedule).then([scheduled]);
    expect(state.status).toBe('scheduled');
  });

  it('is idempotent for the same tracking id', () => {
    given(shipmentDecider, [scheduled]).when(schedule).then([]);
    given(shipmentDecider, [scheduled, dispatched]).when(schedule).then([]);
  });

  it('refuses a second, different shipment', () => {
    given(shipmentDecider, [scheduled])
      .when({ ...schedule, trackingId: 'TRKOTHER' })
      .thenRejected('shipment-already-scheduled', { trackingId: 'TRKABC123' });
  });

  it('refuses to schedule a cancelled shipment again', () => {
    given(shipmentDecider, [scheduled, cancelled]).when(schedule).thenRejected('shipment-cancelled');
  });

  it.each([
    ['an invalid address', { address: { ...address, zip: 'ABCDE' } }, 'shippingAddress.zip'],
    ['a blank carrier', { carrier: ' ' }, 'carrier'],
    ['a bad tracking id', { trackingId: 'has space' }, 'trackingId'],
    ['a bad delivery date', { estimatedDeliveryDate: '18/03/2026' }, 'estimatedDeliveryDate'],
  ])('refuses %s', (_label, change, field) => {
    given(shipmentDecider).when({ ...schedule, ...change }).thenRejected('invalid-value', { field });
  });
});

describe('Shipment: cancel-shipment (compensation)', () => {
  it('cancels a scheduled shipment', () => {
    const state = given(shipmentDecider, [scheduled]).when({ type: 'cancel-shipment', reason: 'payment failed' }).then([cancelled]);
    expect(state.status).toBe('cancelled');
  });

  it('does nothing when cancelled twice or when nothing was scheduled', () => {
    given(shipmentDecider, [scheduled, cancelled]).when({ type: 'cancel-shipment', reason: 'x' }).then([]);
    given(shipmentDecider).when({ type: 'cancel-shipment', reason: 'x' }).then([]);
  });

  it('refuses once dispatched', () => {
    given(shipmentDecider, [scheduled, dispatched])
      .when({ type: 'cancel-shipment', reason: 'x' })
      .thenRejected('shipment-already-dispatched', { orderId: 'ord-1', trackingId: 'TRKABC123' });
  });
});

describe('Shipment: dispatch-shipment', () => {
  const dispatch = { type: 'dispatch-shipment', dispatchedAt: '2026-03-16T09:00:00.000Z' } as const;

  it('records the dispatch', () => {
    const state = given(shipmentDecider, [scheduled]).when(dispatch).then([dispatched]);
    expect(state.status).toBe('dispatched');
  });

  it('is idempotent', () => {
    given(shipmentDecider, [scheduled, dispatched]).when(dispatch).then([]);
  });

  it('refuses without a shipment, or after cancellation', () => {
    given(shipmentDecider).when(dispatch).thenRejected('shipment-not-scheduled');
    given(shipmentDecider, [scheduled, cancelled]).when(dispatch).thenRejected('shipment-cancelled');
  });

  it('refuses a time that is not ISO-8601', () => {
    given(shipmentDecider, [scheduled])
      .when({ type: 'dispatch-shipment', dispatchedAt: 'yesterday' })
      .thenRejected('invalid-value', { field: 'dispatchedAt' });
  });
});

it('names its stream after the order', () => {
  expect(shipmentStreamId('ord-1')).toBe('shipment-ord-1');
});
