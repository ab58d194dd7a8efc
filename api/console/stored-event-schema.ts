import { z } from 'zod';
import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';

/** A stored event with its whole envelope, as the console shows it (internal: not a public message). */
export const StoredEventSchema = z
  .object({
    type: z.string(),
    eventId: z.string(),
    correlationId: z.string(),
    causationId: z.string(),
    streamId: z.string(),
    version: z.number().int(),
    timestamp: z.string(),
    schemaVersion: z.number().int(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('StoredEvent');
export type StoredEvent = z.infer<typeof StoredEventSchema>;

export function storedEvent(e: EventEnvelope): StoredEvent {
  return {
    type: e.type,
    eventId: e.eventId,
    correlationId: e.correlationId,
    causationId: e.causationId,
    streamId: e.streamId,
    version: e.version,
    timestamp: e.timestamp.toISOString(),
    schemaVersion: e.schemaVersion,
    payload: e.payload as Record<string, unknown>,
  };
}
