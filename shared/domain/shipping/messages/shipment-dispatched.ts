import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import type { ShipmentDispatched, ShipmentScheduledPayload } from '../shipment/shipment-events';

export const ShipmentDispatchedV1 = z.object({
  orderId: OrderIdSchema,
  carrier: z.string().min(1),
  trackingId: z.string().min(1),
  dispatchedAt: z.iso.datetime(),
  estimatedDeliveryDate: z.iso.date().meta({ description: 'As the carrier estimated it when the shipment was booked' }),
});

export const shipmentDispatchedV1 = defineMessage<ShipmentDispatched, typeof ShipmentDispatchedV1>({
  type: 'shipping.shipment-dispatched',
  version: 1,
  context: 'shipping',
  kind: 'domain-event',
  description: 'The parcel of an order left the warehouse with a carrier.',
  why: 'Customer messaging and ordering react to the fact that the parcel left, with carrier and tracking id; the shipment\'s address and bookkeeping stay in shipping.',
  schema: ShipmentDispatchedV1,
  derivedFrom: ['shipment-dispatched'],
  async translate(event, context) {
    const scheduled = [...(await context.history())].reverse().find((e) => e.type === 'shipment-scheduled');
    if (!scheduled) throw new Error(`${event.streamId} has no shipment-scheduled before shipment-dispatched`);
    const { orderId, carrier, trackingId, dispatchedAt } = event.payload;
    return { orderId, carrier, trackingId, dispatchedAt, estimatedDeliveryDate: (scheduled.payload as ShipmentScheduledPayload).estimatedDeliveryDate };
  },
});
