import type { EventEnvelope } from './event-envelope';

/** `number`: the stream must be exactly at that version (0 = empty). `'no-stream'`: same as 0. `'any'`: append at the head. */
export type ExpectedVersion = number | 'any' | 'no-stream';

export interface AppendOptions {
  readonly correlationId: string;
  /** Defaults to the correlation id (the request that started it all). */
  readonly causationId?: string;
  /** A retried append with the same key (per stream) returns the first result instead of appending again. */
  readonly idempotencyKey?: string;
  /** Business time stamped on the events (default: now). `committedAt` is always the wall clock. */
  readonly now?: Date;
}

export interface AppendResult {
  readonly streamId: string;
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly commitId: string;
  readonly events: readonly EventEnvelope[];
  /** True when this was a retry answered with the earlier result of the same idempotency key. */
  readonly duplicate: boolean;
}

