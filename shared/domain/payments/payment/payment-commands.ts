/**
 * Plain JSON commands. The ids come from the payment gateway: the activity calls the
 * gateway first, then records its answer here. Commands after the first need no order id.
 */
export interface AuthorizePayment {
  readonly type: 'authorize-payment';
  readonly orderId: string;
  readonly amountCents: number;
  readonly authorizationId: string;
  readonly cardLast4: string;
}

/** Records that the gateway declined the card (a ProviderRejection with a decline code). */
export interface RecordPaymentDecline {
  readonly type: 'record-payment-decline';
  readonly orderId: string;
  readonly amountCents: number;
  /** The gateway's code, e.g. 'card-declined', 'insufficient-funds'. */
  readonly declineCode: string;
  readonly reason: string;
}

export interface CapturePayment {
  readonly type: 'capture-payment';
  readonly captureId: string;
}

/** Compensation of authorize-payment, before capture. */
export interface VoidPayment {
  readonly type: 'void-payment';
  readonly reason: string;
}

/** Compensation of capture-payment (full refund). */
export interface RefundPayment {
  readonly type: 'refund-payment';
  readonly refundId: string;
  readonly reason: string;
}

export type PaymentCommand = AuthorizePayment | RecordPaymentDecline | CapturePayment | VoidPayment | RefundPayment;
