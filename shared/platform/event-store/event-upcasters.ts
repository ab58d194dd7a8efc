import type { EventEnvelope } from './event-envelope';

/** Turns the payload of one schema version of an event type into the next version's payload (pure). */
export type Upcaster = (payload: unknown) => unknown;

export class UpcasterConflictError extends Error {
  override readonly name = 'UpcasterConflictError';
}

/**
 * Stored events keep the `schemaVersion` they were written with; upcasters registered per event
 * type and version bring an old payload to the current shape whenever the store decodes a commit
 * (see `toEnvelope`), so every reader (aggregates, history, rebuilds, the relay) sees one shape.
 * An event of a version newer than this process knows is passed on as it is.
 */
export class EventUpcasters {
  private readonly chains = new Map<string, Map<number, Upcaster>>();

  /** Registers the step from `fromVersion` to `fromVersion + 1`; registering the same step twice is refused. */
  register(type: string, fromVersion: number, upcast: Upcaster): void {
    if (!Number.isInteger(fromVersion) || fromVersion < 1) throw new RangeError(`upcaster of '${type}': fromVersion must be a positive integer`);
    const chain = this.chains.get(type) ?? new Map<number, Upcaster>();
    const existing = chain.get(fromVersion);
    if (existing && existing !== upcast) throw new UpcasterConflictError(`'${type}' v${fromVersion} already has an upcaster`);
    chain.set(fromVersion, upcast);
    this.chains.set(type, chain);
  }

  /** The version an event of this type has once upcast: 1 past the last registered step (1 when none). */
  currentVersion(type: string): number {
    const chain = this.chains.get(type);
    if (!chain) return 1;
    let version = 1;
    while (chain.has(version)) version += 1;
    return version;
  }

  /** The event in the current shape of its type; the same object when nothing applies. */
  upcast(event: EventEnvelope): EventEnvelope {
    const chain = this.chains.get(event.type);
    if (!chain?.has(event.schemaVersion)) return event;
    let payload = event.payload;
    let version = event.schemaVersion;
    for (let step = chain.get(version); step; step = chain.get(version)) {
      payload = step(payload);
      version += 1;
    }
    return { ...event, schemaVersion: version, payload };
  }
}

/**
 * The process's upcasters. Process-wide on purpose: every reader of commits (the store, the relay's
 * commit feed, the rebuilder's own store) decodes through it without each being handed a registry.
 * A bounded context registers its steps where it declares the event's payload types, so any code
 * that can interpret such an event has loaded them.
 */
export const storedEventUpcasters = new EventUpcasters();

export function registerUpcaster(type: string, fromVersion: number, upcast: Upcaster): void {
  storedEventUpcasters.register(type, fromVersion, upcast);
}
