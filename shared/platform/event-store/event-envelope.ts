/**
 * The envelope every stored event carries (camelCase in code). Stored events stay inside the
 * platform; what leaves is a public message in the wire envelope (../messaging/public-message.ts).
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
  /** W3C trace context of the span that appended it (absent on older events and while tracing is off). */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** Past-tense kebab-case event type names: `order-placed`, `stock-reserved`, `contacted`. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
