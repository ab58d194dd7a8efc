import type { ReturnLine } from '../../kernel/return-id';
import type { OrderLine } from '../order/order-events';
import type { ReturnReason } from './return-reason';

/** What the order and its shipment say, read by the caller from their streams. */
export interface ShippedOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly lines: readonly OrderLine[];
  /** When the parcel left (shipping's `shipment-dispatched`), or null while it has not. */
  readonly dispatchedAt: string | null;
}

/** The customer asks to send goods back (POST /orders/{id}/returns). */
export interface RequestReturn {
  readonly type: 'request-return';
  readonly returnId: string;
  readonly order: ShippedOrder;
  readonly lines: readonly ReturnLine[];
  readonly reason: ReturnReason;
  readonly note?: string;
  /** ISO date-time of the request (the decider is pure: the caller reads the clock). */
  readonly requestedAt: string;
  /** How long after dispatch a return is accepted. */
  readonly returnWindowMs: number;
}

/** Payments reported the refund (public message `payments.return-refunded`). */
export interface RecordReturnRefund {
  readonly type: 'record-return-refund';
  readonly returnId: string;
  readonly refundId: string;
  readonly amountCents: number;
}

/** Payments reported that the refund failed for good (`payments.return-refund-failed`). */
export interface RecordReturnRefundFailure {
  readonly type: 'record-return-refund-failure';
  readonly returnId: string;
  readonly code: string;
  readonly reason: string;
}

/** Inventory reported what became of the goods (`inventory.return-restocked` / `inventory.return-written-off`). */
export interface RecordReturnStock {
  readonly type: 'record-return-stock';
  readonly returnId: string;
  readonly disposition: 'restocked' | 'written-off';
}

export type OrderReturnsCommand = RequestReturn | RecordReturnRefund | RecordReturnRefundFailure | RecordReturnStock;
