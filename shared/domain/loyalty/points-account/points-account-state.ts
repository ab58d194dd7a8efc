export interface OrderAward {
  readonly points: number;
  readonly revoked: boolean;
  /** Partial take-backs by returns: refunded so far, points deducted so far, the returns counted. */
  readonly returns?: { readonly refundedCents: number; readonly deducted: number; readonly returnIds: readonly string[] };
}

export interface PointsAccountState {
  readonly customerId: string | null;
  readonly balance: number;
  /** Awards by order id (a Map: any safe id, "__proto__" included, is a valid key). */
  readonly awards: ReadonlyMap<string, OrderAward>;
}

export const initialPointsAccountState: PointsAccountState = {
  customerId: null,
  balance: 0,
  awards: new Map(),
};
