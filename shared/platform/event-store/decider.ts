/** An event as an aggregate decides it: a past-tense kebab-case type and its payload. */
export interface DomainEvent<T extends string = string, P extends object = object> {
  readonly type: T;
  readonly payload: P;
  /** Version of this event type's payload schema; defaults to 1 when stored. */
  readonly schemaVersion?: number;
}

/**
 * An event-sourced aggregate as three pure parts (the "decider" pattern):
 * `decide` turns a command into events or throws a DomainRejection, `evolve` folds one
 * event into state, `initialState` is the state of an empty stream.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  readonly initialState: State;
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve'>,
  state: State,
  events: readonly Event[],
): State {
  return events.reduce((s, e) => decider.evolve(s, e), state);
}
