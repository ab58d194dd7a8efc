import { pointsAccountDecider } from '../../shared/loyalty/points-account/decider';
import { pointsStreamId } from '../../shared/loyalty/points-account/stream';
import { pointsForOrderTotal } from '../../shared/loyalty/points-rule';
import type { OrderFulfilmentActivities } from '../ordering/order-fulfilment-contract';
import { clip } from '../ordering/order-activities';
import type { CommandRunner } from '../kernel/command-runner';
import { asTemporalFailure } from '../kernel/temporal-failures';

type PointsActivities = Pick<OrderFulfilmentActivities, 'awardLoyaltyPoints' | 'revokeLoyaltyPoints'>;

export function createPointsActivities(runner: CommandRunner): PointsActivities {
  const accounts = runner.repository(pointsAccountDecider, 'points-account-v1');
  return {
    awardLoyaltyPoints: ({ orderId, correlationId, customerId, totalCents }) =>
      asTemporalFailure(async () => {
        const points = pointsForOrderTotal(totalCents);
        await runner.run(accounts, pointsStreamId(customerId), { type: 'award-points', customerId, orderId, points }, { correlationId });
        return { points };
      }),
    revokeLoyaltyPoints: ({ orderId, correlationId, customerId, reason }) =>
      asTemporalFailure(async () => {
        await runner.run(accounts, pointsStreamId(customerId), { type: 'revoke-points', customerId, orderId, reason: clip(reason) }, { correlationId });
      }),
  };
}
