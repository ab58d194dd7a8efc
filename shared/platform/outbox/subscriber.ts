import type { EventEnvelope } from '../event-store/event-envelope';

/**
 * Something the outbox relay delivers events to: a projection, a webhook, a workflow signal...
 * `handle` resolving = delivered (acknowledged); throwing = failed, retried with backoff.
 * Delivery is at least once and, per stream, in version order: a handler must tolerate
 * redelivery (see Inbox), and should finish well within the relay's lease.
 */
export interface Subscriber {
  /** Stable and unique among the relay's subscribers; part of checkpoint and dead-letter ids. */
  readonly name: string;
  handle(message: EventEnvelope): Promise<void>;
  /** Which event types it wants (default: all). Skipped events still advance its checkpoint. */
  accepts?(type: string): boolean;
}

/** The events of one stream a batch hands over: consecutive, in version order. */
export interface StreamEvents {
  readonly streamId: string;
  readonly events: readonly EventEnvelope[];
}

/** How far a batch subscriber got with one stream's events: the first `delivered` are taken; `error` stopped the rest. */
export interface StreamEventsOutcome {
  readonly streamId: string;
  readonly delivered: number;
  readonly error?: unknown;
}

/**
 * A subscriber that takes the events of many streams at once (a projector folding a page of work
 * in memory and writing each document once). One relay at a time delivers to it, the leader: it
 * keeps the subscriber's checkpoints in memory (see BatchDelivery). Per stream the order holds as
 * for `handle`; a stream's events after a failed one are not taken (its outcome says where it stopped).
 */
export interface BatchSubscriber extends Subscriber {
  handleBatch(streams: readonly StreamEvents[]): Promise<readonly StreamEventsOutcome[]>;
  /** Called when its relay gains or loses the lead: whatever it remembers may have changed under another leader. */
  reset?(): void;
}

export function isBatchSubscriber(subscriber: Subscriber): subscriber is BatchSubscriber {
  return typeof (subscriber as Partial<BatchSubscriber>).handleBatch === 'function';
}

export const SUBSCRIBER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

export function assertValidSubscriberName(name: string): void {
  if (!SUBSCRIBER_NAME_PATTERN.test(name)) {
    throw new Error(`invalid subscriber name ${JSON.stringify(name)}: must match ${String(SUBSCRIBER_NAME_PATTERN)}`);
  }
}

export function subscriberAccepts(subscriber: Subscriber, type: string): boolean {
  return subscriber.accepts ? subscriber.accepts(type) : true;
}

/** An in-process subscriber from a function, optionally limited to some event types. */
export function inProcessSubscriber(
  name: string,
  handle: (message: EventEnvelope) => Promise<void>,
  types?: readonly string[],
): Subscriber {
  assertValidSubscriberName(name);
  const wanted = types ? new Set(types) : undefined;
  return wanted ? { name, handle, accepts: (type) => wanted.has(type) } : { name, handle };
}
