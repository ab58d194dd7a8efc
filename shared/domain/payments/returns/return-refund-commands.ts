/** What every command names: the return and who gets the money. */
interface RefundSubject {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amountCents: number;
}

/** Records the gateway's refund (the activity asks the gateway first). */
export interface RefundReturn extends RefundSubject {
  readonly type: 'refund-return';
  readonly refundId: string;
}

/** The gateway refused the refund, or it kept failing beyond the retry budget. */
export interface RecordReturnRefundFailure extends RefundSubject {
  readonly type: 'record-return-refund-failure';
  readonly code: string;
  readonly reason: string;
}

/** Payments' compensation of a failed refund: the amount as store credit. */
export interface IssueStoreCredit {
  readonly type: 'issue-store-credit';
  readonly creditId: string;
}

export type ReturnRefundCommand = RefundReturn | RecordReturnRefundFailure | IssueStoreCredit;
