import type { DomainEvent } from '../../../platform/event-store/decider';

export interface StockReceivedPayload {
  readonly sku: string;
  readonly quantity: number;
  readonly availableAfter: number;
}

export interface StockReservedPayload {
  readonly sku: string;
  readonly orderId: string;
  readonly quantity: number;
  readonly availableAfter: number;
}

export interface StockReleasedPayload {
  readonly sku: string;
  readonly orderId: string;
  readonly quantity: number;
  readonly reason: string;
  readonly availableAfter: number;
}

export interface StockReservationCommittedPayload {
  readonly sku: string;
  readonly orderId: string;
  readonly quantity: number;
  /** Units physically in the warehouse after the committed ones left. */
  readonly onHandAfter: number;
}

export interface StockReservationFailedPayload {
  readonly sku: string;
  readonly orderId: string;
  readonly requested: number;
  readonly available: number;
}

export type StockReceived = DomainEvent<'stock-received', StockReceivedPayload>;
export type StockReserved = DomainEvent<'stock-reserved', StockReservedPayload>;
export type StockReleased = DomainEvent<'stock-released', StockReleasedPayload>;
export type StockReservationCommitted = DomainEvent<'stock-reservation-committed', StockReservationCommittedPayload>;
export type StockReservationFailed = DomainEvent<'stock-reservation-failed', StockReservationFailedPayload>;

export type StockEvent =
  | StockReceived
  | StockReserved
  | StockReleased
  | StockReservationCommitted
  | StockReservationFailed;

export const STOCK_EVENT_TYPES = [
  'stock-received',
  'stock-reserved',
  'stock-released',
  'stock-reservation-committed',
  'stock-reservation-failed',
] as const satisfies readonly StockEvent['type'][];
