export interface OrderAward {
  readonly points: number;
  readonly revoked: boolean;
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
