/**
 * Shipping's return parcel workflow, public contract: what the returns participant (signal-with-start
 * from `ordering.return-requested`), the API (an operator booking a parcel in) and tests need.
 * Shipping's part of the returns choreography is the one with waiting in it (days for a parcel),
 * which is why it runs on Temporal: its timer and its poll of the carrier survive restarts.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { ParcelRequest } from '../../../activities/shipping/return-parcel-activities';
import { PARCEL_CONDITIONS, type ParcelCondition } from '../../../shared/domain/shipping/returns/parcel-condition';

export const RETURN_PARCEL_WORKFLOW = 'returnParcel';

/** One workflow per return: a redelivered message signals the same run. */
export const returnParcelWorkflowId = (returnId: string): string => `return-parcel-${returnId}`;

export interface ReturnParcelInput {
  readonly returnId: string;
  readonly correlationId: string;
  /** Carried over by continue-as-new while the parcel is on its way. */
  readonly resume?: { readonly request: ParcelRequest; readonly trackingId: string; readonly carrier: string; readonly expectedBy: string; readonly checks: number };
}

export const RETURN_PARCEL_STATUSES = ['AWAITING_REQUEST', 'ISSUING_LABEL', 'AWAITING_PARCEL', 'RECEIVED'] as const;

export const ReturnParcelStateSchema = z.object({
  returnId: z.string(),
  orderId: z.string().nullable(),
  status: z.enum(RETURN_PARCEL_STATUSES),
  carrier: z.string().nullable(),
  trackingId: z.string().nullable(),
  expectedBy: z.string().nullable(),
  /** How often the carrier's tracking was asked. */
  trackingChecks: z.number().int(),
  receivedAt: z.string().nullable(),
  condition: z.enum(PARCEL_CONDITIONS).nullable(),
  scannedBy: z.enum(['carrier', 'operator']).nullable(),
});
export type ReturnParcelState = z.infer<typeof ReturnParcelStateSchema>;

/** An operator books the parcel in (after inspection: the condition overrides the stated reason's). */
export interface OperatorReceipt {
  readonly condition?: ParcelCondition;
}

export type ReturnParcelWorkflow = (input: ReturnParcelInput) => Promise<ReturnParcelState>;

/** The return to expect, from `ordering.return-requested` (a repeat changes nothing). */
export const returnRequestedSignal = defineSignal<[ParcelRequest]>('returnRequested');

/** The parcel is at the warehouse; refused (409) once it was received. Answers when the arrival is recorded. */
export const receiveParcelUpdate = defineUpdate<ReturnParcelState, [OperatorReceipt]>('receiveParcel');

export const returnParcelStateQuery = defineQuery<ReturnParcelState>('returnParcelState');
