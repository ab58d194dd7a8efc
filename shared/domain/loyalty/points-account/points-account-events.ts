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

export type PointsAwarded = DomainEvent<'points-awarded', PointsAwardedPayload>;
export type PointsRevoked = DomainEvent<'points-revoked', PointsRevokedPayload>;

export type PointsAccountEvent = PointsAwarded | PointsRevoked;

export const POINTS_ACCOUNT_EVENT_TYPES = [
  'points-awarded',
  'points-revoked',
] as const satisfies readonly PointsAccountEvent['type'][];
