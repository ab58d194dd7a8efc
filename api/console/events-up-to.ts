import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';

/** The prefix of the stream the state is folded from: up to a version, or every event recorded at or before an instant. */
export function eventsUpTo(events: readonly EventEnvelope[], asOf: Date | null, version: number | undefined): EventEnvelope[] {
  if (version !== undefined) return events.filter((e) => e.version <= version);
  if (asOf !== null) {
    const end = events.findIndex((e) => e.timestamp.getTime() > asOf.getTime());
    return end === -1 ? [...events] : events.slice(0, end);
  }
  return [...events];
}
