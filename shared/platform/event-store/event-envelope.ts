/**
 * The envelope every stored event carries (camelCase in code) and its public wire form
 * (kebab-case field names, as in the messaging-patterns talk).
 */
export interface EventEnvelope<P = unknown> {
  readonly type: string;
  readonly eventId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly streamId: string;
  readonly version: number;
  readonly timestamp: Date;
  readonly schemaVersion: number;
  readonly payload: P;
}

export interface WireMessage<P = unknown> {
  readonly type: string;
  readonly 'event-id': string;
  readonly 'correlation-id': string;
  readonly 'causation-id': string;
  readonly 'stream-id': string;
  readonly version: number;
  readonly timestamp: string;
  readonly 'schema-version': number;
  readonly payload: P;
}

export function toWireMessage<P>(e: EventEnvelope<P>): WireMessage<P> {
  return {
    type: e.type,
    'event-id': e.eventId,
    'correlation-id': e.correlationId,
    'causation-id': e.causationId,
    'stream-id': e.streamId,
    version: e.version,
    timestamp: e.timestamp.toISOString(),
    'schema-version': e.schemaVersion,
    payload: e.payload,
  };
}

export function fromWireMessage<P>(m: WireMessage<P>): EventEnvelope<P> {
  return {
    type: m.type,
    eventId: m['event-id'],
    correlationId: m['correlation-id'],
    causationId: m['causation-id'],
    streamId: m['stream-id'],
    version: m.version,
    timestamp: new Date(m.timestamp),
    schemaVersion: m['schema-version'],
    payload: m.payload,
  };
}

/** Past-tense kebab-case event type names: `order-placed`, `stock-reserved`, `contacted`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
