import { fold } from '../../../platform/event-store/decider';
import { ValidationError } from '../../kernel/validation-error';
import { epochMillis, toIsoTimestamp } from '../iso-timestamp';
import { evolveLead } from './lead-decider';
import type { LeadEvent, LeadEventType } from './lead-events';
import { initialLeadState, type LeadState } from './lead-state';

type HistoryEntryOf<E extends LeadEvent> = {
  readonly 'lead-id': string;
  readonly 'event-id': number;
  readonly 'event-type': E['type'];
} & Omit<E['payload'], 'lead-id'>;

/**
 * One event as the talk's "Rebuilding The Data" slides show it, e.g.
 * `{ "lead-id": "12", "event-id": 2, "event-type": "followup-set", "followup-on": "...", "timestamp": "..." }`.
 * `event-id` is the event's 0-based position in the lead's stream, as in the talk (not the
 * envelope's event UUID); `lead-id` is a string.
 */
export type LeadHistoryEntry = { [T in LeadEventType]: HistoryEntryOf<Extract<LeadEvent, { type: T }>> }[LeadEventType];

/** Body of `GET /leads/{id}/history`: the lead's whole stream, oldest first. */
export function renderLeadHistory(events: readonly LeadEvent[]): LeadHistoryEntry[] {
  return events.map((event, position) => {
    const { 'lead-id': leadId, timestamp, ...fields } = event.payload;
    return {
      'lead-id': leadId,
      'event-id': position,
      'event-type': event.type,
      ...fields,
      timestamp,
    } as LeadHistoryEntry;
  });
}

/**
 * The lead as it was at `asOf` (inclusive): the fold of the stream's longest prefix whose
 * events happened at or before `asOf`. `null` if the lead did not exist yet. Events with the
 * same timestamp (the talk's lead 12 has three at 12:32:08.24) are all in or all out.
 */
export function stateAsOf(events: readonly LeadEvent[], asOf: string | Date): LeadState {
  const limit = asOf instanceof Date ? asOf.getTime() : epochMillis(toIsoTimestamp(asOf, 'asOf'));
  if (Number.isNaN(limit)) throw new ValidationError('asOf', 'must be a valid date');
  const end = events.findIndex((e) => epochMillis(e.payload.timestamp) > limit);
  const prefix = end === -1 ? events : events.slice(0, end);
  return fold({ evolve: evolveLead }, initialLeadState, prefix);
}
