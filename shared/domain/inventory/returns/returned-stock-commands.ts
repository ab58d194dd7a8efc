import type { ReturnLine } from '../../kernel/return-id';

/** The goods are back on the shelf (the activity has put them back into each SKU's stock). */
export interface RestockReturn {
  readonly type: 'restock-return';
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly ReturnLine[];
}

/** The goods cannot be sold again: they leave the books without entering the stock. */
export interface WriteOffReturn {
  readonly type: 'write-off-return';
  readonly returnId: string;
  readonly orderId: string;
  readonly lines: readonly ReturnLine[];
  readonly reason: string;
}

export type ReturnedStockCommand = RestockReturn | WriteOffReturn;
