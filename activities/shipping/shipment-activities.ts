import { ApplicationFailure } from '@temporalio/activity';
import type { Carrier, ShipmentRecord } from '../../shared/domain/shipping/carrier';
import type { ShipmentCommand } from '../../shared/domain/shipping/shipment/shipment-commands';
import { shipmentDecider } from '../../shared/domain/shipping/shipment/shipment-decider';
import { shipmentStreamId } from '../../shared/domain/shipping/shipment/shipment-stream';
import type { CompensationResult, OrderFulfilmentActivities } from '../ordering/order-fulfilment-activities';
import { clip } from '../ordering/order-activities';
import type { CommandRunner } from '../kernel/command-runner';

type ShipmentActivities = Pick<OrderFulfilmentActivities, 'scheduleShipment' | 'cancelShipment'> & {
  dispatchShipmentWithCarrier(input: { orderId: string; correlationId: string }): Promise<void>;
};

/** Carrier idempotency keys name the business operation, so every attempt, re-run or compensation gets the carrier's first answer. */
const keys = {
  schedule: (orderId: string) => `order-${orderId}:schedule`,
  cancel: (trackingId: string) => `cancel:${trackingId}`,
  dispatch: (trackingId: string) => `dispatch:${trackingId}`,
};

export function createShipmentActivities(runner: CommandRunner, carrier: Carrier): ShipmentActivities {
  const shipments = runner.repository(shipmentDecider, 'shipment-v1');
  const load = async (orderId: string) => (await shipments.load(shipmentStreamId(orderId))).state;

  /** Appends what the shipment's stream missed: a booking whose answer was lost, then its cancellation. */
  async function recordAsTheCarrierHasIt(orderId: string, correlationId: string, reason: string, booked: readonly ShipmentRecord[]): Promise<void> {
    const state = await load(orderId);
    const known = state.status === 'not-scheduled' ? booked[0] : booked.find((b) => b.trackingId === state.shipment.trackingId);
    if (!known) return;
    const record = (command: ShipmentCommand, keySuffix: string) => runner.run(shipments, shipmentStreamId(orderId), command, { correlationId, keySuffix });
    let status = state.status;
    if (status === 'not-scheduled') {
      if (!known.address) return; // a booking of an earlier carrier version: the carrier has it cancelled, the stream cannot say more
      await record({ type: 'schedule-shipment', orderId, address: known.address, carrier: known.carrier, trackingId: known.trackingId, estimatedDeliveryDate: known.estimatedDeliveryDate }, 'record-booking');
      status = 'scheduled';
    }
    if (known.status === 'cancelled' && status === 'scheduled') await record({ type: 'cancel-shipment', reason }, 'cancel');
  }

  return {
    scheduleShipment: async ({ orderId, correlationId, address, items }) => {
      const booked = await carrier.scheduleShipment({ idempotencyKey: keys.schedule(orderId), orderId, address, items });
      await runner.run(shipments, shipmentStreamId(orderId), {
        type: 'schedule-shipment', orderId, address, carrier: booked.carrier, trackingId: booked.trackingId, estimatedDeliveryDate: booked.estimatedDeliveryDate,
      }, { correlationId });
      return { trackingId: booked.trackingId };
    },

    /**
     * Asks the carrier what it booked for the order (a booking whose answer was lost included),
     * cancels it, then makes the shipment's stream say the same. A parcel that has left cannot be
     * cancelled: that refusal is permanent and leaves the saga for an operator.
     */
    cancelShipment: async ({ orderId, correlationId, reason }): Promise<CompensationResult> => {
      for (const booking of await carrier.findShipments({ orderId })) {
        if (booking.status !== 'cancelled') await carrier.cancelShipment({ idempotencyKey: keys.cancel(booking.trackingId), trackingId: booking.trackingId });
      }
      const after = await carrier.findShipments({ orderId });
      await recordAsTheCarrierHasIt(orderId, correlationId, clip(reason), after);
      return { undone: after.some((b) => b.status === 'cancelled') };
    },

    dispatchShipmentWithCarrier: async ({ orderId, correlationId }) => {
      const state = await load(orderId);
      if (state.status === 'not-scheduled' || state.status === 'cancelled') {
        throw ApplicationFailure.create({ type: 'shipment-not-scheduled', message: `shipment of order ${orderId} is ${state.status}`, nonRetryable: true });
      }
      const { trackingId } = state.shipment;
      const dispatched = await carrier.dispatchShipment({ idempotencyKey: keys.dispatch(trackingId), trackingId });
      await runner.run(shipments, shipmentStreamId(orderId), { type: 'dispatch-shipment', dispatchedAt: dispatched.dispatchedAt }, { correlationId });
    },
  };
}
