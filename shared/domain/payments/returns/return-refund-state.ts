import type { ReturnRefundedPayload, ReturnRefundFailedPayload, StoreCreditIssuedPayload } from './return-refund-events';

export type ReturnRefundState =
  | { readonly status: 'open' }
  | { readonly status: 'refunded'; readonly refund: ReturnRefundedPayload }
  | { readonly status: 'failed'; readonly failure: ReturnRefundFailedPayload }
  | { readonly status: 'credited'; readonly failure: ReturnRefundFailedPayload; readonly credit: StoreCreditIssuedPayload };

export const initialReturnRefundState: ReturnRefundState = { status: 'open' };
