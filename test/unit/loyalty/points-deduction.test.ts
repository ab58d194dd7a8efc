import { describe, expect, it } from 'vitest';
import { pointsAccountDecider } from '../../../shared/domain/loyalty/points-account/points-account-decider';
import type { DeductPoints } from '../../../shared/domain/loyalty/points-account/points-account-commands';
import type { PointsAccountEvent } from '../../../shared/domain/loyalty/points-account/points-account-events';
import { given } from '../../support/given-when-then';

const awarded: PointsAccountEvent = { type: 'points-awarded', payload: { customerId: 'cus-1', orderId: 'ord-1', points: 48, balanceAfter: 48 } };
const deduct = (returnId: string, refundedCents: number): DeductPoints => ({
  type: 'deduct-points', customerId: 'cus-1', orderId: 'ord-1', returnId, refundedCents, reason: `return ${returnId} refunded`,
});
const deducted = (returnId: string, refundedCents: number, points: number, balanceAfter: number): PointsAccountEvent => ({
  type: 'points-deducted', payload: { customerId: 'cus-1', orderId: 'ord-1', returnId, refundedCents, points, reason: `return ${returnId} refunded`, balanceAfter },
});

describe('PointsAccount: deduct-points (a return refunded)', () => {
  it('takes back the points of the refunded amount, once per return', () => {
    const state = given(pointsAccountDecider, [awarded]).when(deduct('ret-1', 1_250)).then([deducted('ret-1', 1_250, 12, 36)]);
    expect(state.balance).toBe(36);
    given(pointsAccountDecider, [awarded, deducted('ret-1', 1_250, 12, 36)]).when(deduct('ret-1', 1_250)).then([]);
  });

  it('follows the refunds so far: two returns of 60 cents take back the point of their dollar', () => {
    given(pointsAccountDecider, [awarded]).when(deduct('ret-1', 60)).then([deducted('ret-1', 60, 0, 48)]);
    given(pointsAccountDecider, [awarded, deducted('ret-1', 60, 0, 48)]).when(deduct('ret-2', 60)).then([deducted('ret-2', 60, 1, 47)]);
  });

  it('never takes back more than was awarded, and nothing for an order never awarded or revoked', () => {
    given(pointsAccountDecider, [awarded]).when(deduct('ret-1', 999_999)).then([deducted('ret-1', 999_999, 48, 0)]);
    given(pointsAccountDecider).when(deduct('ret-1', 1_000)).then([]);
    const revoked: PointsAccountEvent = { type: 'points-revoked', payload: { customerId: 'cus-1', orderId: 'ord-1', points: 48, reason: 'cancelled', balanceAfter: 0 } };
    given(pointsAccountDecider, [awarded, revoked]).when(deduct('ret-1', 1_000)).then([]);
  });

  it('a revocation after a return takes back only what is left', () => {
    given(pointsAccountDecider, [awarded, deducted('ret-1', 1_250, 12, 36)])
      .when({ type: 'revoke-points', customerId: 'cus-1', orderId: 'ord-1', reason: 'order refunded' })
      .then([{ type: 'points-revoked', payload: { customerId: 'cus-1', orderId: 'ord-1', points: 36, reason: 'order refunded', balanceAfter: 0 } }]);
  });
});
