import type { ShippingAddressData } from '../../kernel/shipping-address';

/** Plain JSON commands; carrier, trackingId and dates come from the carrier's answer. */
export interface ScheduleShipment {
  readonly type: 'schedule-shipment';
  readonly orderId: string;
  readonly address: ShippingAddressData;
  readonly carrier: string;
  readonly trackingId: string;
  /** YYYY-MM-DD */
  readonly estimatedDeliveryDate: string;
}

/** Compensation of schedule-shipment; refused once dispatched. */
export interface CancelShipment {
  readonly type: 'cancel-shipment';
  readonly reason: string;
}

export interface DispatchShipment {
  readonly type: 'dispatch-shipment';
  /** ISO-8601 date-time, as the carrier reported it. */
  readonly dispatchedAt: string;
}

export type ShipmentCommand = ScheduleShipment | CancelShipment | DispatchShipment;
