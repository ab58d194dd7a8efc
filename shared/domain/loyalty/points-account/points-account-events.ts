import type { DomainEvent } from '../../../platform/event-store/decider';

export interface PointsAwardedPayload {
  readonly customerId: string;
  readonly orderId: string;
  readonly points: number;
  readonly balanceAfter: number;
}

export interface PointsRevokedPayload {
  readonly customerId: string;
  readonly orderId: string;
  readonly points: number;
  readonly reason: string;
  readonly balanceAfter: number;
}

/** Points taken back for the part of an order a return refunded (the rest of the award stays). */
export interface PointsDeductedPayload {
  readonly customerId: string;
  readonly orderId: string;
  readonly returnId: string;
  /** What this return refunded; the points follow the order's refunds so far (pointsForOrderTotal). */
  readonly refundedCents: number;
  readonly points: number;
  readonly reason: string;
  readonly balanceAfter: number;
}

export type PointsAwarded = DomainEvent<'points-awarded', PointsAwardedPayload>;
export type PointsRevoked = DomainEvent<'points-revoked', PointsRevokedPayload>;

export type PointsDeducted = DomainEvent<'points-deducted', PointsDeductedPayload>;

export type PointsAccountEvent = PointsAwarded | PointsRevoked | PointsDeducted;

export const POINTS_ACCOUNT_EVENT_TYPES = [
  'points-awarded',
  'points-revoked',
  'points-deducted',
] as const satisfies readonly PointsAccountEvent['type'][];
