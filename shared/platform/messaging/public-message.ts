import { createHash } from 'node:crypto';
import type { EventEnvelope } from '../event-store/event-envelope';
import type { MessageDefinition, MessageKind } from './message-definition';

/** A public message as the platform publishes it: the stored event's envelope around a contract payload. */
export interface PublicMessage<P = unknown> {
  readonly type: string;
  readonly kind: MessageKind;
  /** Derived from the stored event, the type and the version: stable across redeliveries, distinct per message. */
  readonly messageId: string;
  readonly correlationId: string;
  /** The stored event the message was translated from. */
  readonly causationId: string;
  readonly streamId: string;
  /** The entity's (stream's) version after the change. */
  readonly version: number;
  readonly timestamp: Date;
  /** Major version of the contract. */
  readonly schemaVersion: number;
  readonly payload: P;
}

/** The wire envelope of `../shared/DESIGN.md` plus `kind`; `schema-version` is the contract's version. */
export interface PublicWireMessage<P = unknown> {
  readonly type: string;
  readonly kind: MessageKind;
  readonly 'event-id': string;
  readonly 'correlation-id': string;
  readonly 'causation-id': string;
  readonly 'stream-id': string;
  readonly version: number;
  readonly timestamp: string;
  readonly 'schema-version': number;
  readonly payload: P;
}

export function publicMessage<P>(definition: MessageDefinition, event: EventEnvelope, payload: P): PublicMessage<P> {
  return {
    type: definition.type,
    kind: definition.kind,
    messageId: derivedMessageId(event.eventId, definition.type, definition.version),
    correlationId: event.correlationId,
    causationId: event.eventId,
    streamId: event.streamId,
    version: event.version,
    timestamp: event.timestamp,
    schemaVersion: definition.version,
    payload,
  };
}

export function toPublicWire<P>(m: PublicMessage<P>): PublicWireMessage<P> {
  return {
    type: m.type,
    kind: m.kind,
    'event-id': m.messageId,
    'correlation-id': m.correlationId,
    'causation-id': m.causationId,
    'stream-id': m.streamId,
    version: m.version,
    timestamp: m.timestamp.toISOString(),
    'schema-version': m.schemaVersion,
    payload: m.payload,
  };
}

/** A name-based UUID (version 5 layout, SHA-1) of the stored event id, the public type and its version. */
export function derivedMessageId(eventId: string, type: string, version: number): string {
  const hash = createHash('sha1').update(`saga-platform/public-message\n${eventId}\n${type}\n${version}`).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
