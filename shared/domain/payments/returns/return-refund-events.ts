import type { DomainEvent } from '../../../platform/event-store/decider';
import type { Currency } from '../../kernel/money';

interface RefundSubjectPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amountCents: number;
  readonly currency: Currency;
}

export interface ReturnRefundedPayload extends RefundSubjectPayload {
  readonly refundId: string;
}

export interface ReturnRefundFailedPayload extends RefundSubjectPayload {
  /** The gateway's code (e.g. 'expired-card'), or 'refund-retries-exhausted'. */
  readonly code: string;
  readonly reason: string;
}

export interface StoreCreditIssuedPayload extends RefundSubjectPayload {
  readonly creditId: string;
}

export type ReturnRefunded = DomainEvent<'return-refunded', ReturnRefundedPayload>;
export type ReturnRefundFailed = DomainEvent<'return-refund-failed', ReturnRefundFailedPayload>;
export type StoreCreditIssued = DomainEvent<'store-credit-issued', StoreCreditIssuedPayload>;

export type ReturnRefundEvent = ReturnRefunded | ReturnRefundFailed | StoreCreditIssued;

export const RETURN_REFUND_EVENT_TYPES = ['return-refunded', 'return-refund-failed', 'store-credit-issued'] as const satisfies readonly ReturnRefundEvent['type'][];
