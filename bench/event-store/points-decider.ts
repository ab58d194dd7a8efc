import type { Decider, DomainEvent } from '../../shared/platform/event-store/decider';
import { EVENT_TYPE, samplePayload } from './documents';

/** A loyalty account: the aggregate the load and contention cases fold. Cheap to evolve, so I/O dominates. */
export interface EarnPoints {
  readonly type: 'earn-points';
  readonly points: number;
}
export type PointsEarned = DomainEvent<typeof EVENT_TYPE, ReturnType<typeof samplePayload>>;
export interface PointsAccount {
  readonly balance: number;
  readonly earnings: number;
}

export const pointsDecider: Decider<EarnPoints, PointsEarned, PointsAccount> = {
  initialState: { balance: 0, earnings: 0 },
  decide: (command) => [{ type: EVENT_TYPE, payload: samplePayload(command.points) }],
  evolve: (state, event) => ({ balance: state.balance + event.payload.points, earnings: state.earnings + 1 }),
};
