import type { ReturnCarrier } from '../../shared/domain/shipping/return-carrier';
import { conditionFromStatedReason } from '../../shared/domain/shipping/returns/parcel-condition';
import { returnShipmentDecider } from '../../shared/domain/shipping/returns/return-shipment-decider';
import { returnShipmentStreamId } from '../../shared/domain/shipping/returns/return-shipment-stream';
import { stepIdempotencyKey, type CommandRunner } from '../kernel/command-runner';
import type { ReturnParcelActivities } from './return-parcel-activities';

export function createReturnShipmentActivities(runner: CommandRunner, carrier: ReturnCarrier): ReturnParcelActivities {
  const parcels = runner.repository(returnShipmentDecider, 'return-shipment-v1');

  return {
    issueReturnLabel: async ({ returnId, correlationId, orderId, lines, statedReason }) => {
      const streamId = returnShipmentStreamId(returnId);
      const { state } = await parcels.load(streamId);
      if (state.status !== 'no-label') return { carrier: state.label.carrier, trackingId: state.label.trackingId, expectedBy: state.label.expectedBy };
      const label = await carrier.issueReturnLabel({ idempotencyKey: stepIdempotencyKey('carrier'), returnId, orderId, items: lines });
      await runner.run(parcels, streamId, {
        type: 'issue-return-label', returnId, orderId, lines, statedReason, carrier: label.carrier, trackingId: label.trackingId, expectedBy: label.expectedBy,
      }, { correlationId });
      return { carrier: label.carrier, trackingId: label.trackingId, expectedBy: label.expectedBy };
    },

    trackReturnParcel: async ({ trackingId }) => {
      const tracking = await carrier.trackReturnParcel({ trackingId });
      return tracking.status === 'delivered' ? { delivered: true, deliveredAt: tracking.deliveredAt } : { delivered: false };
    },

    recordReturnParcel: async ({ returnId, correlationId, receivedAt, condition, scannedBy }) => {
      const streamId = returnShipmentStreamId(returnId);
      const { state } = await parcels.load(streamId);
      if (state.status === 'received') return { condition: state.receipt.condition };
      const decided = condition ?? (state.status === 'label-issued' ? conditionFromStatedReason(state.label.statedReason) : 'resellable');
      await runner.run(parcels, streamId, { type: 'receive-return-parcel', receivedAt, condition: decided, scannedBy }, { correlationId });
      return { condition: decided };
    },
  };
}
