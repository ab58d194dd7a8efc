import type { ShippingAddressData } from '../kernel/shipping-address';

/**
 * Port to the parcel carrier. Every call carries an idempotency key: the same key with
 * the same request returns the first result (or the first permanent refusal); the same
 * key with a different request is refused with 'idempotency-key-reused'.
 *
 * Failures:
 * - ProviderRejection (provider 'carrier'): permanent, do not retry.
 * - TransientProviderError: retry with the same idempotency key.
 */
export interface Carrier {
  /** The carrier's name as recorded on shipments. */
  readonly name: string;
  /** Rejections: 'address-not-serviceable' (details.reason 'unsupported-state' | 'undeliverable-zip'), 'invalid-address'. */
  scheduleShipment(request: ScheduleShipmentRequest): Promise<ScheduledShipment>;
  /** Cancelling a cancelled shipment succeeds. Rejections: 'shipment-not-found', 'shipment-already-dispatched'. */
  cancelShipment(request: CancelShipmentRequest): Promise<CancelledShipment>;
  /** Dispatching a dispatched shipment succeeds. Rejections: 'shipment-not-found', 'shipment-cancelled'. */
  dispatchShipment(request: DispatchShipmentRequest): Promise<DispatchedShipment>;
  /**
   * Every shipment scheduled for an order, oldest first, with where it stands now: a compensation
   * asks the carrier rather than trusting its own records, which miss a booking whose answer was lost.
   */
  findShipments(request: { readonly orderId: string }): Promise<readonly ShipmentRecord[]>;
}

export interface ShipmentRecord extends ScheduledShipment {
  readonly orderId: string;
  /** Where the parcel goes, as booked. */
  readonly address?: ShippingAddressData;
  readonly status: 'scheduled' | 'cancelled' | 'dispatched';
  /** ISO-8601, once dispatched. */
  readonly dispatchedAt?: string;
}

export interface ShipmentItem {
  readonly sku: string;
  readonly quantity: number;
}

export interface ScheduleShipmentRequest {
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly address: ShippingAddressData;
  readonly items: readonly ShipmentItem[];
}

export interface ScheduledShipment {
  readonly carrier: string;
  readonly trackingId: string;
  /** YYYY-MM-DD */
  readonly estimatedDeliveryDate: string;
  /** ISO-8601 */
  readonly scheduledAt: string;
}

export interface CancelShipmentRequest {
  readonly idempotencyKey: string;
  readonly trackingId: string;
}

export interface CancelledShipment {
  readonly trackingId: string;
  readonly cancelledAt: string;
}

export interface DispatchShipmentRequest {
  readonly idempotencyKey: string;
  readonly trackingId: string;
}

export interface DispatchedShipment {
  readonly trackingId: string;
  readonly dispatchedAt: string;
}
