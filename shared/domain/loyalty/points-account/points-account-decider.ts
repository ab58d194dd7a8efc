import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { CustomerId, OrderId } from '../../kernel/identifiers';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import { CentsSchema } from '../../kernel/money';
import { ReturnIdSchema } from '../../kernel/return-id';
import { pointsForOrderTotal } from '../points-rule';
import type { AwardPoints, DeductPoints, PointsAccountCommand, RevokePoints } from './points-account-commands';
import type { PointsAccountEvent } from './points-account-events';
import { initialPointsAccountState, type PointsAccountState } from './points-account-state';

const PointsSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The PointsAccount aggregate (one per customer).
 *
 * Idempotent per order: award-points for an order already awarded the same points, or with
 * zero points, returns no events; revoke-points for an order never awarded, or already
 * revoked, returns no events. Awarding again after a revocation is refused. deduct-points takes
 * back the points of what returns refunded (per order, following its refunds so far), once per
 * return; nothing for an order never awarded or revoked in full. A revocation after deductions
 * takes back what is left.
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
      case 'deduct-points':
        return deduct(command, state);
    }
  },
  evolve(state, event) {
    const { customerId, orderId, points, balanceAfter } = event.payload;
    const awards = new Map(state.awards);
    const previous = state.awards.get(orderId);
    switch (event.type) {
      case 'points-awarded':
        awards.set(orderId, { points, revoked: false });
        break;
      case 'points-revoked':
        awards.set(orderId, previous ? { ...previous, revoked: true } : { points, revoked: true });
        break;
      case 'points-deducted': {
        const returns = previous?.returns ?? { refundedCents: 0, deducted: 0, returnIds: [] };
        awards.set(orderId, {
          points: previous?.points ?? 0,
          revoked: previous?.revoked ?? false,
          returns: { refundedCents: returns.refundedCents + event.payload.refundedCents, deducted: returns.deducted + points, returnIds: [...returns.returnIds, event.payload.returnId] },
        });
        break;
      }
    }
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
  const points = previous.points - (previous.returns?.deducted ?? 0);
  return [
    {
      type: 'points-revoked',
      payload: {
        customerId: command.customerId,
        orderId,
        points,
        reason,
        balanceAfter: state.balance - points,
      },
    },
  ];
}

function deduct(command: DeductPoints, state: PointsAccountState): PointsAccountEvent[] {
  const orderId = OrderId.of(command.orderId).value;
  const returnId = parseValue(ReturnIdSchema, command.returnId, 'returnId');
  const refundedCents = parseValue(CentsSchema, command.refundedCents, 'refundedCents');
  const reason = parseReason(command.reason);
  const award = state.awards.get(orderId);
  if (award === undefined || award.revoked) return [];
  const returns = award.returns ?? { refundedCents: 0, deducted: 0, returnIds: [] };
  if (returns.returnIds.includes(returnId)) return [];
  // Points follow the refunds so far, so two returns of 60 cents take back the point of their dollar.
  const due = Math.min(award.points, pointsForOrderTotal(returns.refundedCents + refundedCents));
  const points = Math.max(0, due - returns.deducted);
  return [
    {
      type: 'points-deducted',
      payload: { customerId: command.customerId, orderId, returnId, refundedCents, points, reason, balanceAfter: state.balance - points },
    },
  ];
}
