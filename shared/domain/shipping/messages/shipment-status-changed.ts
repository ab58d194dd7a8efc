import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import { SHIPMENT_EVENT_TYPES, type ShipmentEvent } from '../shipment/shipment-events';

export const SHIPMENT_STATUSES = ['scheduled', 'cancelled', 'dispatched'] as const;

export const ShipmentStatusChangedV1 = z.object({
  orderId: OrderIdSchema,
  status: z.enum(SHIPMENT_STATUSES),
  carrier: z.string().min(1),
  trackingId: z.string().min(1),
  estimatedDeliveryDate: z.iso.date().optional().meta({ description: 'Set when the shipment is booked' }),
  reason: z.string().min(1).optional().meta({ description: 'Why a shipment was cancelled' }),
});

export const shipmentStatusChangedV1 = defineMessage<ShipmentEvent, typeof ShipmentStatusChangedV1>({
  type: 'shipping.shipment-status-changed',
  version: 1,
  context: 'shipping',
  kind: 'state-transfer',
  transfer: 'delta',
  description: "An order's shipment moved to a new status (booked, cancelled, left the warehouse). The envelope's version is the shipment's version.",
  why: "Ordering shows each order's shipment (carrier, tracking, delivery estimate, status) without reading shipping's events; a delta per change carries what changed, and the delivery address stays in shipping.",
  schema: ShipmentStatusChangedV1,
  derivedFrom: SHIPMENT_EVENT_TYPES,
  translate(event) {
    switch (event.type) {
      case 'shipment-scheduled': {
        const { orderId, carrier, trackingId, estimatedDeliveryDate } = event.payload;
        return { orderId, status: 'scheduled', carrier, trackingId, estimatedDeliveryDate };
      }
      case 'shipment-cancelled': {
        const { orderId, carrier, trackingId, reason } = event.payload;
        return { orderId, status: 'cancelled', carrier, trackingId, reason };
      }
      case 'shipment-dispatched': {
        const { orderId, carrier, trackingId } = event.payload;
        return { orderId, status: 'dispatched', carrier, trackingId };
      }
    }
  },
});
