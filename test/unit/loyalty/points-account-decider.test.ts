import { describe, expect, it } from 'vitest';
import { pointsAccountDecider } from '../../../shared/domain/loyalty/points-account/points-account-decider';
import type { PointsAccountEvent } from '../../../shared/domain/loyalty/points-account/points-account-events';
import { pointsStreamId } from '../../../shared/domain/loyalty/points-account/points-account-stream';
import { given } from '../../support/given-when-then';

const awarded1: PointsAccountEvent = {
  type: 'points-awarded',
  payload: { customerId: 'cus-1', orderId: 'ord-1', points: 48, balanceAfter: 48 },
};
const awarded2: PointsAccountEvent = {
  type: 'points-awarded',
  payload: { customerId: 'cus-1', orderId: 'ord-2', points: 10, balanceAfter: 58 },
};
const revoked1: PointsAccountEvent = {
  type: 'points-revoked',
  payload: { customerId: 'cus-1', orderId: 'ord-1', points: 48, reason: 'order refunded', balanceAfter: 10 },
};

describe('PointsAccount: award-points', () => {
  it('awards points for an order', () => {
    const state = given(pointsAccountDecider)
      .when({ type: 'award-points', customerId: 'cus-1', orderId: 'ord-1', points: 48 })
      .then([awarded1]);
    expect(state.balance).toBe(48);
  });

  it('adds to the balance', () => {
    given(pointsAccountDecider, [awarded1])
      .when({ type: 'award-points', customerId: 'cus-1', orderId: 'ord-2', points: 10 })
      .then([awarded2]);
  });

  it('is idempotent per order', () => {
    given(pointsAccountDecider, [awarded1])
      .when({ type: 'award-points', customerId: 'cus-1', orderId: 'ord-1', points: 48 })
      .then([]);
  });

  it('refuses a different award for the same order', () => {
    given(pointsAccountDecider, [awarded1])
      .when({ type: 'award-points', customerId: 'cus-1', orderId: 'ord-1', points: 50 })
      .thenRejected('points-already-awarded', { awarded: 48, requested: 50 });
  });

  it('awards nothing for zero points', () => {
    given(pointsAccountDecider).when({ type: 'award-points', customerId: 'cus-1', orderId: 'ord-1', points: 0 }).then([]);
  });

  it('refuses to award again for an order whose points were revoked', () => {
    given(pointsAccountDecider, [awarded1, revoked1])
      .when({ type: 'award-points', customerId: 'cus-1', orderId: 'ord-1', points: 48 })
      .thenRejected('points-revoked-for-order');
  });

  it.each([-1, 1.5])('refuses %s points', (points) => {
    given(pointsAccountDecider)
      .when({ type: 'award-points', customerId: 'cus-1', orderId: 'ord-1', points })
      .thenRejected('invalid-value', { field: 'points' });
  });

  it("refuses a command for another customer's account", () => {
    given(pointsAccountDecider, [awarded1])
      .when({ type: 'award-points', customerId: 'cus-2', orderId: 'ord-9', points: 1 })
      .thenRejected('customer-mismatch');
  });
});

describe('PointsAccount: revoke-points', () => {
  it("revokes the order's points", () => {
    const state = given(pointsAccountDecider, [awarded1, awarded2])
      .when({ type: 'revoke-points', customerId: 'cus-1', orderId: 'ord-1', reason: 'order refunded' })
      .then([revoked1]);
    expect(state.balance).toBe(10);
  });

  it('does nothing when nothing was awarded for the order', () => {
    given(pointsAccountDecider, [awarded2])
      .when({ type: 'revoke-points', customerId: 'cus-1', orderId: 'ord-1', reason: 'x' })
      .then([]);
  });

  it('does nothing when revoked twice', () => {
    given(pointsAccountDecider, [awarded1, revoked1])
      .when({ type: 'revoke-points', customerId: 'cus-1', orderId: 'ord-1', reason: 'x' })
      .then([]);
  });
});

it('names its stream after the customer', () => {
  expect(pointsStreamId('cus-1')).toBe('points-cus-1');
});
