/**
 * Payments' return refund workflow, public contract. Payments hears of a return twice, from two
 * other contexts' messages that may arrive in either order (`ordering.return-requested`: how much;
 * `shipping.return-parcel-received`: the goods are back); its participant signal-with-starts this
 * workflow with each, and the refund, with its retries and its compensation, survives restarts.
 */
import type { Duration } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import { z } from 'zod';
import type { ParcelArrival, RefundRequest } from '../../../activities/payments/return-refund-activities';

export const RETURN_REFUND_WORKFLOW = 'returnRefund';

/** One workflow per return: both messages, and their redeliveries, reach the same run. */
export const returnRefundWorkflowId = (returnId: string): string => `return-refund-${returnId}`;

export interface ReturnRefundInput {
  readonly returnId: string;
  readonly correlationId: string;
  readonly policy: ReturnRefundPolicy;
}

export interface ReturnRefundPolicy {
  /** How long a refund may keep failing transiently before it counts as failed for good (store credit instead). */
  readonly retryBudget: Duration;
}

export const RETURN_REFUND_STATUSES = ['AWAITING_RETURN', 'REFUNDING', 'REFUNDED', 'REFUND_FAILED', 'STORE_CREDIT_ISSUED'] as const;

export const ReturnRefundStateSchema = z.object({
  returnId: z.string(),
  orderId: z.string().nullable(),
  status: z.enum(RETURN_REFUND_STATUSES),
  /** What the workflow is still waiting to hear about. */
  waitingFor: z.array(z.enum(['return-requested', 'parcel-received'])),
  amountCents: z.number().int().nullable(),
  refundId: z.string().nullable(),
  failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
  creditId: z.string().nullable(),
});
export type ReturnRefundState = z.infer<typeof ReturnRefundStateSchema>;

export type ReturnRefundWorkflow = (input: ReturnRefundInput) => Promise<ReturnRefundState>;

/** The refund to make, from `ordering.return-requested` (a repeat changes nothing). */
export const refundRequestedSignal = defineSignal<[RefundRequest]>('refundRequested');

/** The goods are back, from `shipping.return-parcel-received` (a repeat changes nothing). */
export const parcelReceivedSignal = defineSignal<[ParcelArrival]>('parcelReceived');

export const returnRefundStateQuery = defineQuery<ReturnRefundState>('returnRefundState');

/** The failure code when the refund was still failing transiently at the end of its budget. */
export const REFUND_RETRIES_EXHAUSTED = 'refund-retries-exhausted';
