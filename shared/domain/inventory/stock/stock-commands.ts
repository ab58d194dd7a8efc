/** Plain JSON commands; every one names its SKU, which must match the stream's SKU. */
export interface ReceiveStock {
  readonly type: 'receive-stock';
  readonly sku: string;
  /** 1 to MAX_RECEIPT_QUANTITY units arriving at the warehouse. */
  readonly quantity: number;
}

export interface ReserveStock {
  readonly type: 'reserve-stock';
  readonly sku: string;
  readonly orderId: string;
  readonly quantity: number;
}

/** Compensation of reserve-stock. */
export interface ReleaseStock {
  readonly type: 'release-stock';
  readonly sku: string;
  readonly orderId: string;
  readonly reason: string;
}

/** The reserved units left the warehouse with the shipment. */
export interface CommitStockReservation {
  readonly type: 'commit-stock-reservation';
  readonly sku: string;
  readonly orderId: string;
}

/** Records, for the history and the read side, that a reservation was refused for lack of stock. */
export interface RecordStockReservationFailure {
  readonly type: 'record-stock-reservation-failure';
  readonly sku: string;
  readonly orderId: string;
  readonly quantity: number;
}

export type StockCommand =
  | ReceiveStock
  | ReserveStock
  | ReleaseStock
  | CommitStockReservation
  | RecordStockReservationFailure;
