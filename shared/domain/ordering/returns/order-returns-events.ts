import type { DomainEvent } from '../../../platform/event-store/decider';
import type { Currency } from '../../kernel/money';
import type { ReturnReason } from './return-reason';

export interface ReturnedLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  /** quantity x unitPriceCents: what the customer gets back for this line */
  readonly refundCents: number;
}

export interface ReturnRequestedPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly ReturnedLine[];
  readonly refundCents: number;
  readonly currency: Currency;
  readonly reason: ReturnReason;
  readonly note?: string;
  readonly dispatchedAt: string;
  /** Units the order shipped, all SKUs together (ordering's yardstick for "fully returned"). */
  readonly orderUnits: number;
}

export interface ReturnRefundRecordedPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly refundId: string;
  readonly amountCents: number;
}

export interface ReturnStockRecordedPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly disposition: 'restocked' | 'written-off';
}

export interface ReturnCompletedPayload {
  readonly returnId: string;
  readonly orderId: string;
  readonly refundedCents: number;
  readonly currency: Currency;
  readonly disposition: 'restocked' | 'written-off';
  /** Every unit shipped has now come back in completed returns. */
  readonly orderFullyReturned: boolean;
}

export interface ReturnFailedPayload {
  readonly returnId: string;
  readonly orderId: string;
  /** The participant that failed for good. */
  readonly participant: 'payments';
  readonly code: string;
  readonly reason: string;
}

export type ReturnRequested = DomainEvent<'return-requested', ReturnRequestedPayload>;
export type ReturnRefundRecorded = DomainEvent<'return-refund-recorded', ReturnRefundRecordedPayload>;
export type ReturnStockRecorded = DomainEvent<'return-stock-recorded', ReturnStockRecordedPayload>;
export type ReturnCompleted = DomainEvent<'return-completed', ReturnCompletedPayload>;
export type ReturnFailed = DomainEvent<'return-failed', ReturnFailedPayload>;

export type OrderReturnsEvent = ReturnRequested | ReturnRefundRecorded | ReturnStockRecorded | ReturnCompleted | ReturnFailed;

export const ORDER_RETURNS_EVENT_TYPES = [
  'return-requested',
  'return-refund-recorded',
  'return-stock-recorded',
  'return-completed',
  'return-failed',
] as const satisfies readonly OrderReturnsEvent['type'][];
