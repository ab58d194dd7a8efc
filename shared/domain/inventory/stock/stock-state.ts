/**
 * Stock of one SKU. `onHand` counts the units in the warehouse, reserved or not;
 * reservations and committed reservations are keyed by order id (Maps, because an
 * order id may be any safe id, "__proto__" included).
 */
export interface StockState {
  readonly sku: string | null;
  readonly onHand: number;
  readonly reservations: ReadonlyMap<string, number>;
  /** Reservations that left with a shipment, kept so that repeats stay idempotent. */
  readonly committed: ReadonlyMap<string, number>;
}

export const initialStockState: StockState = {
  sku: null,
  onHand: 0,
  reservations: new Map(),
  committed: new Map(),
};

export function reservedQuantity(state: StockState): number {
  let total = 0;
  for (const q of state.reservations.values()) total += q;
  return total;
}

export function availableQuantity(state: StockState): number {
  return state.onHand - reservedQuantity(state);
}
