import type { ReturnLine } from '../../kernel/return-id';
import type { ParcelCondition } from './parcel-condition';

/** Records the return label the carrier issued (the activity asks the carrier first). */
export interface IssueReturnLabel {
  readonly type: 'issue-return-label';
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly ReturnLine[];
  /** The customer's stated reason, from ordering's message: the default condition on arrival. */
  readonly statedReason: string;
  readonly carrier: string;
  readonly trackingId: string;
  /** ISO date-time the carrier expects the parcel at the warehouse. */
  readonly expectedBy: string;
}

/** The parcel reached the warehouse: scanned by the carrier, or booked in by an operator. */
export interface ReceiveReturnParcel {
  readonly type: 'receive-return-parcel';
  readonly receivedAt: string;
  readonly condition: ParcelCondition;
  readonly scannedBy: 'carrier' | 'operator';
}

export type ReturnShipmentCommand = IssueReturnLabel | ReceiveReturnParcel;
