import type { ShipmentItem } from './carrier';

/**
 * Port to the carrier's returns service: a prepaid label for the customer's parcel, and the
 * parcel's tracking (its arrival scan at the warehouse is the carrier's event that a return is
 * back). Same idempotency and failure rules as Carrier.
 */
export interface ReturnCarrier {
  /** Rejections: 'invalid-return', 'idempotency-key-reused'. */
  issueReturnLabel(request: ReturnLabelRequest): Promise<ReturnLabel>;
  /** Rejections: 'return-label-not-found'. */
  trackReturnParcel(request: { readonly trackingId: string }): Promise<ReturnParcelTracking>;
}

export interface ReturnLabelRequest {
  readonly idempotencyKey: string;
  readonly returnId: string;
  readonly orderId: string;
  readonly items: readonly ShipmentItem[];
}

export interface ReturnLabel {
  readonly carrier: string;
  readonly trackingId: string;
  /** ISO date-time the carrier expects the parcel at the warehouse. */
  readonly expectedBy: string;
  readonly issuedAt: string;
}

export type ReturnParcelTracking =
  | { readonly trackingId: string; readonly status: 'in-transit' }
  | { readonly trackingId: string; readonly status: 'delivered'; readonly deliveredAt: string };
