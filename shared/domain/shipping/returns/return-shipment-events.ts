import type { DomainEvent } from '../../../platform/event-store/decider';
import type { ReturnLine } from '../../kernel/return-id';
import type { ParcelCondition } from './parcel-condition';

export interface ReturnLabelIssuedPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly ReturnLine[];
  readonly statedReason: string;
  readonly carrier: string;
  readonly trackingId: string;
  readonly expectedBy: string;
}

export interface ReturnParcelReceivedPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly ReturnLine[];
  readonly trackingId: string;
  readonly condition: ParcelCondition;
  readonly receivedAt: string;
  readonly scannedBy: 'carrier' | 'operator';
}

export type ReturnLabelIssued = DomainEvent<'return-label-issued', ReturnLabelIssuedPayload>;
export type ReturnParcelReceived = DomainEvent<'return-parcel-received', ReturnParcelReceivedPayload>;

export type ReturnShipmentEvent = ReturnLabelIssued | ReturnParcelReceived;

export const RETURN_SHIPMENT_EVENT_TYPES = ['return-label-issued', 'return-parcel-received'] as const satisfies readonly ReturnShipmentEvent['type'][];
