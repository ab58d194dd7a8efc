import type { Decider, DomainEvent } from '../../../shared/platform/event-store/decider';
import { DomainRejection } from '../../../shared/domain/kernel/domain-rejection';

/** A tiny aggregate for store tests: increments, with a cap that rejects commands. */
export type CounterCommand = { readonly type: 'increment'; readonly by: number; readonly writer?: string };
export type CounterEvent = DomainEvent<'counter-incremented', { readonly by: number; readonly writer?: string }>;
export interface CounterState {
  readonly total: number;
  readonly history: readonly { by: number; writer?: string }[];
  readonly lastAt?: Date;
}

export const counterDecider: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: { total: 0, history: [] },
  decide(command, state) {
    if (command.by <= 0) throw new DomainRejection('non-positive-increment', 'increments must be positive');
    if (state.total + command.by > 1_000_000) throw new DomainRejection('cap-exceeded', 'counter cap exceeded');
    const payload = command.writer === undefined ? { by: command.by } : { by: command.by, writer: command.writer };
    return [{ type: 'counter-incremented', payload }];
  },
  evolve(state, event) {
    return { total: state.total + event.payload.by, history: [...state.history, { ...event.payload }] };
  },
};
