import type { PaymentAuthorizedPayload, PaymentDeclinedPayload } from './payment-events';

export type PaymentState =
  | { readonly status: 'none' }
  /** Declined attempts leave the payment open for another authorization. */
  | { readonly status: 'declined'; readonly lastDecline: PaymentDeclinedPayload }
  | { readonly status: 'authorized' | 'voided'; readonly authorization: PaymentAuthorizedPayload }
  | { readonly status: 'captured'; readonly authorization: PaymentAuthorizedPayload; readonly captureId: string }
  | {
      readonly status: 'refunded';
      readonly authorization: PaymentAuthorizedPayload;
      readonly captureId: string;
      readonly refundId: string;
    };

export type PaymentStatus = PaymentState['status'];

export const initialPaymentState: PaymentState = { status: 'none' };
