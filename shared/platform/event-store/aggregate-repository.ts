import { fold, type Decider, type DomainEvent } from './decider';
import type { EventEnvelope } from './event-envelope';
import { fullJitterDelay, sleep } from '../lib/backoff';
import type { AppendOptions, AppendResult } from './append-types';
import { isConcurrencyError } from './event-store-errors';
import type { EventStore } from './event-store';
import type { SnapshotCodec, SnapshotStore } from './snapshot-store';

export interface AggregateRepositoryOptions<State> {
  /** Take a snapshot whenever an append crosses a multiple of this many events (0 or absent: never). */
  readonly snapshotEvery?: number;
  readonly snapshots?: SnapshotStore;
  /** Names the decider and state shape; change it when evolve or the state changes, to ignore old snapshots. */
  readonly snapshotKey?: string;
  readonly snapshotCodec?: SnapshotCodec<State>;
}

export interface ExecuteOptions extends AppendOptions {
  /** Reload, decide again and re-append this many times after a ConcurrencyError (default 0: rethrow). */
  readonly maxConflictRetries?: number;
}

export interface ExecuteResult<State> {
  readonly state: State;
  /** The events this command appended (for a retried idempotency key: the ones the first run appended). */
  readonly events: readonly EventEnvelope[];
  readonly version: number;
  readonly duplicate: boolean;
}

export interface LoadedAggregate<State> {
  readonly state: State;
  readonly version: number;
  /** Version of the snapshot the load started from (0: folded from the first event). */
  readonly snapshotVersion: number;
}

const CONFLICT_BACKOFF = { baseMs: 5, maxMs: 200 };

/** Load (snapshot + events), fold, decide, append with the expected version: an application service's core. */
export class AggregateRepository<Command, Event extends DomainEvent, State> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly options: AggregateRepositoryOptions<State> = {},
  ) {
    if ((options.snapshotEvery ?? 0) > 0 && (!options.snapshots || !options.snapshotKey)) {
      throw new Error('snapshotEvery needs a SnapshotStore and a snapshotKey');
    }
  }

  async load(streamId: string, options: { toVersion?: number; useSnapshot?: boolean } = {}): Promise<LoadedAggregate<State>> {
    let state = this.decider.initialState;
    let from = 0;
    const { snapshots, snapshotKey } = this.options;
    if (options.useSnapshot !== false && snapshots && snapshotKey) {
      const snapshot = await snapshots.load(streamId, snapshotKey, this.options.snapshotCodec);
      if (snapshot && (options.toVersion === undefined || snapshot.version <= options.toVersion)) {
        state = snapshot.state;
        from = snapshot.version;
      }
    }
    const events = await this.store.readStreamAfterBoundary(streamId, from, options.toVersion);
    const last = events[events.length - 1];
    return { state: fold(this.decider, state, asDomainEvents<Event>(events)), version: last ? last.version : from, snapshotVersion: from };
  }

  async execute(streamId: string, command: Command, options: ExecuteOptions): Promise<ExecuteResult<State>> {
    const { maxConflictRetries = 0, ...appendOptions } = options;
    if (appendOptions.idempotencyKey !== undefined) {
      const earlier = await this.store.findIdempotentAppend(streamId, appendOptions.idempotencyKey);
      if (earlier) return this.replay(streamId, earlier);
    }
    for (let conflicts = 0; ; conflicts += 1) {
      const { state, version } = await this.load(streamId);
      const decided = this.decider.decide(command, state);
      if (decided.length === 0) return { state, events: [], version, duplicate: false };
      try {
        const result = await this.store.append(streamId, version, decided, appendOptions);
        if (result.duplicate) return this.replay(streamId, result);
        const next = fold(this.decider, state, asDomainEvents<Event>(result.events));
        await this.snapshotIfDue(streamId, result, next);
        return { state: next, events: result.events, version: result.lastVersion, duplicate: false };
      } catch (err) {
        if (!isConcurrencyError(err) || conflicts >= maxConflictRetries) throw err;
        await sleep(fullJitterDelay(conflicts + 1, CONFLICT_BACKOFF));
      }
    }
  }

  private async replay(streamId: string, earlier: AppendResult): Promise<ExecuteResult<State>> {
    const { state } = await this.load(streamId, { toVersion: earlier.lastVersion });
    return { state, events: earlier.events, version: earlier.lastVersion, duplicate: true };
  }

  private async snapshotIfDue(streamId: string, result: AppendResult, state: State): Promise<void> {
    const every = this.options.snapshotEvery ?? 0;
    const { snapshots, snapshotKey } = this.options;
    if (every <= 0 || !snapshots || !snapshotKey) return;
    if (Math.floor(result.lastVersion / every) === Math.floor((result.firstVersion - 1) / every)) return;
    await snapshots
      .save({ streamId, version: result.lastVersion, state }, snapshotKey, this.options.snapshotCodec)
      .catch(() => false);
  }
}

/** Stored envelopes carry type, payload and schemaVersion, which is all a DomainEvent is. */
function asDomainEvents<Event extends DomainEvent>(events: readonly EventEnvelope[]): Event[] {
  return events as unknown as Event[];
}
