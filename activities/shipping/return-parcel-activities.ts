import type { ReturnLine } from '../../shared/domain/kernel/return-id';
import type { ParcelCondition } from '../../shared/domain/shipping/returns/parcel-condition';

/**
 * The contract between shipping's return parcel workflow and its activities (the workflow
 * imports these types only). Each activity is one step on the return's parcel stream.
 */
export interface ReturnStepContext {
  readonly returnId: string;
  /** The return's id: every event of the choreography carries it. */
  readonly correlationId: string;
}

/** What ordering's `ordering.return-requested` tells shipping: the goods to expect and why they come back. */
export interface ParcelRequest {
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly ReturnLine[];
  readonly statedReason: string;
}

export interface ReturnParcelActivities {
  /** Asks the carrier for a label and records it (`return-label-issued`). */
  issueReturnLabel(input: ReturnStepContext & ParcelRequest): Promise<{ carrier: string; trackingId: string; expectedBy: string }>;
  /** The carrier's tracking: has the parcel been scanned in at the warehouse? */
  trackReturnParcel(input: ReturnStepContext & { trackingId: string }): Promise<{ delivered: boolean; deliveredAt?: string }>;
  /** Records the arrival (`return-parcel-received`); the condition defaults to what the stated reason implies. */
  recordReturnParcel(input: ReturnStepContext & { receivedAt: string; condition?: ParcelCondition; scannedBy: 'carrier' | 'operator' }): Promise<{ condition: ParcelCondition }>;
}
