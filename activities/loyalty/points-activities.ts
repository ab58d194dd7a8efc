import { pointsAccountDecider } from '../../shared/domain/loyalty/points-account/points-account-decider';
import { pointsStreamId } from '../../shared/domain/loyalty/points-account/points-account-stream';
import { pointsForOrderTotal } from '../../shared/domain/loyalty/points-rule';
import type { OrderFulfilmentActivities } from '../ordering/order-fulfilment-activities';
import { clip } from '../ordering/order-activities';
import type { CommandRunner } from '../kernel/command-runner';

type PointsActivities = Pick<OrderFulfilmentActivities, 'awardLoyaltyPoints' | 'revokeLoyaltyPoints'>;

export function createPointsActivities(runner: CommandRunner): PointsActivities {
  const accounts = runner.repository(pointsAccountDecider, 'points-account-v1');
  return {
    awardLoyaltyPoints: async ({ orderId, correlationId, customerId, totalCents }) => {
      const points = pointsForOrderTotal(totalCents);
      await runner.run(accounts, pointsStreamId(customerId), { type: 'award-points', customerId, orderId, points }, { correlationId });
      return { points };
    },
    // Nothing to undo for an order that earned no points, or whose points were revoked already.
    revokeLoyaltyPoints: async ({ orderId, correlationId, customerId, reason }) => {
      const { events } = await runner.run(accounts, pointsStreamId(customerId), { type: 'revoke-points', customerId, orderId, reason: clip(reason) }, { correlationId });
      return { undone: events.length > 0 };
    },
  };
}
