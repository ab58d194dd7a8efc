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
