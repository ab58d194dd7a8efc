/** Plain JSON commands; every one names the customer, which must match the stream's. */
export interface AwardPoints {
  readonly type: 'award-points';
  readonly customerId: string;
  readonly orderId: string;
  /** Usually pointsForOrderTotal(order total). Zero awards nothing. */
  readonly points: number;
}

/** Compensation of award-points. */
export interface RevokePoints {
  readonly type: 'revoke-points';
  readonly customerId: string;
  readonly orderId: string;
  readonly reason: string;
}

export type PointsAccountCommand = AwardPoints | RevokePoints;
