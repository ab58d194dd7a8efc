import type { ReturnRequestedPayload } from './order-returns-events';

export type ReturnStatus = 'requested' | 'completed' | 'failed';

/** One return as ordering knows it: what was asked, and what the participants reported so far. */
export interface ReturnRecord {
  readonly request: ReturnRequestedPayload;
  readonly status: ReturnStatus;
  readonly refund?: { readonly refundId: string; readonly amountCents: number };
  readonly disposition?: 'restocked' | 'written-off';
}

/** The returns of one order, by return id (a Map: any safe id is a valid key). */
export interface OrderReturnsState {
  readonly returns: ReadonlyMap<string, ReturnRecord>;
}

export const initialOrderReturnsState: OrderReturnsState = { returns: new Map() };

/** Units of a SKU asked back by the order's returns so far (failed ones too: their goods came back). */
export function returnedQuantity(state: OrderReturnsState, sku: string, except?: string): number {
  let total = 0;
  for (const r of state.returns.values()) {
    if (r.request.returnId === except) continue;
    for (const l of r.request.lines) if (l.sku === sku) total += l.quantity;
  }
  return total;
}
