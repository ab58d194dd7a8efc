import { expect } from 'vitest';
import { fold, type Decider, type DomainEvent } from '../../shared/platform/event-store/decider';
import { DomainRejection } from '../../shared/domain/kernel/domain-rejection';

/**
 * Given-when-then for deciders:
 *   given(orderDecider, [placed]).when({ type: 'confirm-order' }).then([confirmed])
 *   given(stockDecider).when(reserve).thenRejected('insufficient-stock', { available: 0 })
 * `then` also checks that the events are plain JSON (they go to MongoDB and through
 * Temporal) and returns the state after them, for further assertions.
 */
export function given<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, history: readonly E[] = []) {
  const state = fold(decider, decider.initialState, history);
  return {
    state,
    when(command: C) {
      return {
        then(expected: readonly E[]): S {
          const events = decider.decide(command, state);
          expect(events).toStrictEqual(expected);
          expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
          return fold(decider, state, events);
        },
        thenRejected(code: string, details?: Readonly<Record<string, unknown>>): DomainRejection {
          let refusal: unknown;
          let events: readonly E[] | undefined;
          try {
            events = decider.decide(command, state);
          } catch (err) {
            refusal = err;
          }
          if (events !== undefined) expect.fail(`expected rejection '${code}' but got ${JSON.stringify(events)}`);
          expect(refusal).toBeInstanceOf(DomainRejection);
          const rejection = refusal as DomainRejection;
          expect(rejection.code).toBe(code);
          if (details) expect(rejection.details).toMatchObject(details);
          return rejection;
        },
      };
    },
  };
}
