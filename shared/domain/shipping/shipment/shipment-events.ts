import type { DomainEvent } from '../../../platform/event-store/decider';
import type { ShippingAddressData } from '../../kernel/shipping-address';

export interface ShipmentScheduledPayload {
  readonly orderId: string;
  readonly address: ShippingAddressData;
  readonly carrier: string;
  readonly trackingId: string;
  readonly estimatedDeliveryDate: string;
}

export interface ShipmentCancelledPayload {
  readonly orderId: string;
  readonly carrier: string;
  readonly trackingId: string;
  readonly reason: string;
}

export interface ShipmentDispatchedPayload {
  readonly orderId: string;
  readonly carrier: string;
  readonly trackingId: string;
  readonly dispatchedAt: string;
}

export type ShipmentScheduled = DomainEvent<'shipment-scheduled', ShipmentScheduledPayload>;
export type ShipmentCancelled = DomainEvent<'shipment-cancelled', ShipmentCancelledPayload>;
export type ShipmentDispatched = DomainEvent<'shipment-dispatched', ShipmentDispatchedPayload>;

export type ShipmentEvent = ShipmentScheduled | ShipmentCancelled | ShipmentDispatched;

export const SHIPMENT_EVENT_TYPES = [
  'shipment-scheduled',
  'shipment-cancelled',
  'shipment-dispatched',
] as const satisfies readonly ShipmentEvent['type'][];
