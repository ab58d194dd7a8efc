import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import type { Subscriber } from '../../../shared/platform/outbox/subscriber';
import type { OutboxRelayOptions } from '../../../shared/platform/outbox/relay-options';
import type { OutboxRelay } from '../../../shared/platform/outbox/outbox-relay';

/** Short leases and backoff so tests run fast; nothing asserts on elapsed time. */
export const FAST_RELAY: Omit<OutboxRelayOptions, 'subscribers'> = {
  leaseMs: 300,
  leaseGraceMs: 20,
  minLeaseLeftMs: 100,
  pollIntervalMs: 10,
  backoff: { baseMs: 5, maxMs: 20 },
  missingCommitRecheck: { baseMs: 5, maxMs: 20 },
};

/** Polls the relays until `done` holds (the runner's test timeout is the only limit). */
export async function driveUntil(relays: readonly OutboxRelay[], done: () => boolean | Promise<boolean>): Promise<void> {
  for (;;) {
    await Promise.all(relays.map((r) => r.runOnce()));
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Recorder {
  readonly subscriber: Subscriber;
  readonly received: EventEnvelope[];
  versionsOf(streamId: string): number[];
}

export function recorder(name: string, options: { log?: EventEnvelope[]; types?: readonly string[]; before?: (e: EventEnvelope) => Promise<void> } = {}): Recorder {
  const received = options.log ?? [];
  const types = options.types ? new Set(options.types) : undefined;
  const subscriber: Subscriber = {
    name,
    async handle(message) {
      await options.before?.(message);
      received.push(message);
    },
    ...(types ? { accepts: (type: string) => types.has(type) } : {}),
  };
  return { subscriber, received, versionsOf: (s) => received.filter((e) => e.streamId === s).map((e) => e.version) };
}
