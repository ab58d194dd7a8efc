/**
 * The contract between payments' return refund workflow and its activities (the workflow imports
 * these types only), and the payloads of the workflow's signals.
 */
export interface RefundStepContext {
  readonly returnId: string;
  /** The return's id: every event of the choreography carries it. */
  readonly correlationId: string;
}

/** What ordering's `ordering.return-requested` tells payments: whose money, how much. */
export interface RefundRequest {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amountCents: number;
}

/** What shipping's `shipping.return-parcel-received` tells payments: the goods are back. */
export interface ParcelArrival {
  readonly receivedAt: string;
}

export interface ReturnRefundActivities {
  /** Refunds part of the order's capture at the gateway and records it (`return-refunded`). */
  refundReturn(input: RefundStepContext & RefundRequest): Promise<{ refundId: string }>;
  /** Records that the refund failed for good (`return-refund-failed`). */
  recordRefundFailure(input: RefundStepContext & RefundRequest & { code: string; reason: string }): Promise<void>;
  /** Payments' compensation of a failed refund: the amount as store credit (`store-credit-issued`). */
  issueStoreCredit(input: RefundStepContext): Promise<{ creditId: string }>;
}
