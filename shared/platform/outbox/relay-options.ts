import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { BackoffPolicy } from '../lib/backoff';
import type { Subscriber } from './subscriber';
import type { RelayRunSummary } from './delivery-steps';

export interface OutboxRelayOptions {
  /** Every relay process of a deployment must run the same subscribers (fan-out writes work for each). */
  readonly subscribers: readonly Subscriber[];
  readonly relayId?: string;
  /** Term of a (subscriber, stream) lease (default 30 s). */
  readonly leaseMs?: number;
  /** A delivery starts only with at least this much of the lease left (default leaseMs / 3). */
  readonly minLeaseLeftMs?: number;
  /** Clock skew and pause tolerated by the leases (default min(250, leaseMs / 10)). */
  readonly leaseGraceMs?: number;
  /** Pause between polls when there was nothing to do (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** Pointers and signals read per poll (default 100). */
  readonly batchSize?: number;
  /**
   * While polls come back full (a backlog), each next poll reads twice as many, up to this (default
   * batchSize: fixed pages); the first poll that is not full goes back to batchSize. A poll's work
   * includes reading the pending pointers and due signals, a scan on FerretDB whatever the page: on
   * a backlog, larger pages mean fewer such scans for the same events.
   */
  readonly maxBatchSize?: number;
  /** Streams delivered in parallel (default 4); one stream is always sequential. */
  readonly concurrency?: number;
  /** Attempts before an event goes to the dead letters (default 10). */
  readonly maxAttempts?: number;
  /** Retry delays of failed deliveries, with full jitter (default 500 ms doubling up to 60 s). */
  readonly backoff?: BackoffPolicy;
  /**
   * Re-checks of a pointer whose commit is not there (yet), without jitter (default 50 ms doubling up to 60 s):
   * usually the commit is a moment behind its pointer; a writer that died leaves one re-checked ever more rarely.
   */
  readonly missingCommitRecheck?: BackoffPolicy;
  readonly registry?: Registry;
  readonly logger?: Logger;
  /** Told after each poll of the running relay (what it claimed and delivered, the oldest due work). */
  readonly onPoll?: (summary: RelayRunSummary) => void;
}

type OptionalHooks = 'registry' | 'logger' | 'onPoll';
export type ResolvedRelayOptions = Required<Omit<OutboxRelayOptions, OptionalHooks>> & Pick<OutboxRelayOptions, OptionalHooks>;

export function resolveRelayOptions(options: OutboxRelayOptions): ResolvedRelayOptions {
  const leaseMs = options.leaseMs ?? 30_000;
  const names = options.subscribers.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`subscriber names must be unique: ${names.join(', ')}`);
  return {
    subscribers: options.subscribers,
    relayId: options.relayId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    leaseMs,
    minLeaseLeftMs: options.minLeaseLeftMs ?? Math.floor(leaseMs / 3),
    leaseGraceMs: options.leaseGraceMs ?? Math.min(250, Math.floor(leaseMs / 10)),
    pollIntervalMs: options.pollIntervalMs ?? 500,
    batchSize: options.batchSize ?? 100,
    maxBatchSize: Math.max(options.maxBatchSize ?? 0, options.batchSize ?? 100),
    concurrency: options.concurrency ?? 4,
    maxAttempts: options.maxAttempts ?? 10,
    backoff: options.backoff ?? { baseMs: 500, maxMs: 60_000 },
    missingCommitRecheck: options.missingCommitRecheck ?? { baseMs: 50, maxMs: 60_000 },
    registry: options.registry,
    logger: options.logger,
    onPoll: options.onPoll,
  };
}
