import type { ShipmentScheduledPayload } from './shipment-events';

export type ShipmentState =
  | { readonly status: 'not-scheduled' }
  | { readonly status: 'scheduled' | 'cancelled' | 'dispatched'; readonly shipment: ShipmentScheduledPayload };

export type ShipmentStatus = ShipmentState['status'];

export const initialShipmentState: ShipmentState = { status: 'not-scheduled' };
