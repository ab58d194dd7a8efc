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

/** A return refunded part of an order: take back the points of what was refunded. */
export interface DeductPoints {
  readonly type: 'deduct-points';
  readonly customerId: string;
  readonly orderId: string;
  readonly returnId: string;
  readonly refundedCents: number;
  readonly reason: string;
}

export type PointsAccountCommand = AwardPoints | RevokePoints | DeductPoints;
