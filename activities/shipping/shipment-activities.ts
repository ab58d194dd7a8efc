import { ApplicationFailure } from '@temporalio/activity';
import type { Carrier } from '../../shared/domain/shipping/carrier';
import { shipmentDecider } from '../../shared/domain/shipping/shipment/shipment-decider';
import { shipmentStreamId } from '../../shared/domain/shipping/shipment/shipment-stream';
import type { OrderFulfilmentActivities } from '../ordering/order-fulfilment-activities';
import { clip } from '../ordering/order-activities';
import { stepIdempotencyKey, type CommandRunner } from '../kernel/command-runner';

type ShipmentActivities = Pick<OrderFulfilmentActivities, 'scheduleShipment' | 'cancelShipment'> & {
  dispatchShipmentWithCarrier(input: { orderId: string; correlationId: string }): Promise<void>;
};

export function createShipmentActivities(runner: CommandRunner, carrier: Carrier): ShipmentActivities {
  const shipments = runner.repository(shipmentDecider, 'shipment-v1');
  const load = async (orderId: string) => (await shipments.load(shipmentStreamId(orderId))).state;

  return {
    scheduleShipment: async ({ orderId, correlationId, address, items }) => {
      const booked = await carrier.scheduleShipment({ idempotencyKey: stepIdempotencyKey('carrier'), orderId, address, items });
      await runner.run(shipments, shipmentStreamId(orderId), {
        type: 'schedule-shipment', orderId, address, carrier: booked.carrier, trackingId: booked.trackingId, estimatedDeliveryDate: booked.estimatedDeliveryDate,
      }, { correlationId });
      return { trackingId: booked.trackingId };
    },

    cancelShipment: async ({ orderId, correlationId, reason }) => {
      const state = await load(orderId);
      if (state.status !== 'scheduled') return; // never scheduled or already cancelled
      await carrier.cancelShipment({ idempotencyKey: stepIdempotencyKey('carrier'), trackingId: state.shipment.trackingId });
      await runner.run(shipments, shipmentStreamId(orderId), { type: 'cancel-shipment', reason: clip(reason) }, { correlationId });
    },

    dispatchShipmentWithCarrier: async ({ orderId, correlationId }) => {
      const state = await load(orderId);
      if (state.status === 'not-scheduled' || state.status === 'cancelled') {
        throw ApplicationFailure.create({ type: 'shipment-not-scheduled', message: `shipment of order ${orderId} is ${state.status}`, nonRetryable: true });
      }
      const dispatched = await carrier.dispatchShipment({ idempotencyKey: stepIdempotencyKey('carrier'), trackingId: state.shipment.trackingId });
      await runner.run(shipments, shipmentStreamId(orderId), { type: 'dispatch-shipment', dispatchedAt: dispatched.dispatchedAt }, { correlationId });
    },
  };
}
