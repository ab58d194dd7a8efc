import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { CustomerId, OrderId } from '../../kernel/identifiers';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import type { AwardPoints, PointsAccountCommand, RevokePoints } from './points-account-commands';
import type { PointsAccountEvent } from './points-account-events';
import { initialPointsAccountState, type PointsAccountState } from './points-account-state';

const PointsSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The PointsAccount aggregate (one per customer).
 *
 * Idempotent per order: award-points for an order already awarded the same points, or with
 * zero points, returns no events; revoke-points for an order never awarded, or already
 * revoked, returns no events. Awarding again after a revocation is refused.
 */
export const pointsAccountDecider: Decider<PointsAccountCommand, PointsAccountEvent, PointsAccountState> = {
  initialState: initialPointsAccountState,
  decide(command, state) {
    const customerId = CustomerId.of(command.customerId).value;
    if (state.customerId !== null && state.customerId !== customerId) {
      throw new DomainRejection('customer-mismatch', `Command for ${customerId} sent to the account of ${state.customerId}`, {
        customerId,
        accountCustomerId: state.customerId,
      });
    }
    switch (command.type) {
      case 'award-points':
        return award(command, state);
      case 'revoke-points':
        return revoke(command, state);
    }
  },
  evolve(state, event) {
    const { customerId, orderId, points, balanceAfter } = event.payload;
    const awards = new Map(state.awards);
    awards.set(orderId, { points, revoked: event.type === 'points-revoked' });
    return { customerId, balance: balanceAfter, awards };
  },
};

function award(command: AwardPoints, state: PointsAccountState): PointsAccountEvent[] {
  const orderId = OrderId.of(command.orderId).value;
  const points = parseValue(PointsSchema, command.points, 'points');
  const previous = state.awards.get(orderId);
  if (previous?.revoked) {
    throw new DomainRejection('points-revoked-for-order', `Points for order ${orderId} were revoked`, { orderId });
  }
  if (previous !== undefined) {
    if (previous.points === points) return [];
    throw new DomainRejection('points-already-awarded', `Order ${orderId} already earned ${previous.points} points`, {
      orderId,
      awarded: previous.points,
      requested: points,
    });
  }
  if (points === 0) return [];
  return [
    {
      type: 'points-awarded',
      payload: { customerId: command.customerId, orderId, points, balanceAfter: state.balance + points },
    },
  ];
}

function revoke(command: RevokePoints, state: PointsAccountState): PointsAccountEvent[] {
  const orderId = OrderId.of(command.orderId).value;
  const reason = parseReason(command.reason);
  const previous = state.awards.get(orderId);
  if (previous === undefined || previous.revoked) return [];
  return [
    {
      type: 'points-revoked',
      payload: {
        customerId: command.customerId,
        orderId,
        points: previous.points,
        reason,
        balanceAfter: state.balance - previous.points,
      },
    },
  ];
}
