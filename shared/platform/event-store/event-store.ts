import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { EventEnvelope } from './event-envelope';
import { PendingCommits } from './pending-commits';
import type { AppendOptions, AppendResult, ExpectedVersion } from './append-types';
import { assertValidExpectedVersion, validateAppendOptions } from './append-validation';
import { EVENT_STORE_COLLECTIONS, ensureEventStoreIndexes } from './event-store-collections';
import { commitIdAfter, STREAM_START, toEnvelope, type CommitDocument, type StreamPosition } from './commit-document';
import { ConcurrencyError } from './event-store-errors';
import {
  assertValidIdentifier,
  assertValidStreamId,
  assertWithinLimits,
  DEFAULT_EVENT_LIMITS,
  validateNewEvents,
  type EventLimits,
  type NewEvent,
} from './event-validation';
import { readAllPage, readAllPages, type ReadAllOptions, type ReadAllPage } from './global-order';
import { IdempotencyReservations, type Reservation } from './idempotency-reservations';
import { GroupedInserts } from '../mongo/grouped-inserts';
import { StreamChain } from './stream-chain';
import { activeTraceContext, inAppendSpan } from './trace-context';

export interface EventStoreOptions {
  readonly limits?: Partial<EventLimits>;
  /** `readAll` only returns commits at least this old (ms, default 5000); see global-order.ts. */
  readonly readAllSettleMs?: number;
  /** Failures of the writes that follow a successful commit (hints), which never fail the append. */
  readonly onWarning?: (message: string, err: unknown) => void;
}

export interface ReadStreamOptions {
  readonly fromVersion?: number;
  readonly toVersion?: number;
}

/** Appends with `'any'` retry on a lost race at most this often before giving up. */
const MAX_ANY_ATTEMPTS = 100;
/** The stored head hint moves when an append crosses a multiple of this many versions. */
const HINT_STRIDE = 32;

/**
 * Event-sourced store on plain MongoDB documents (works on FerretDB 1.x and real MongoDB alike):
 * one immutable commit document per append, chained by `_id`; see commit-document.ts,
 * stream-chain.ts, idempotency-reservations.ts and ../outbox/pending-commits.ts. Nothing here
 * updates or deletes a commit.
 */
export class EventStore {
  private readonly commits: Collection<CommitDocument>;
  /** Commits of concurrent appends travel together (group commit); see grouped-inserts.ts. */
  private readonly commitInserts: GroupedInserts<CommitDocument>;
  private readonly chain: StreamChain;
  private readonly reservations: IdempotencyReservations;
  private readonly pending: PendingCommits;
  private readonly limits: EventLimits;
  private readonly settleMs: number;
  private readonly warn: (message: string, err: unknown) => void;

  constructor(
    private readonly db: Db,
    options: EventStoreOptions = {},
  ) {
    this.commits = db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits);
    this.commitInserts = new GroupedInserts(this.commits);
    this.chain = new StreamChain(db);
    this.reservations = new IdempotencyReservations(db);
    this.pending = new PendingCommits(db);
    this.limits = { ...DEFAULT_EVENT_LIMITS, ...options.limits };
    this.settleMs = options.readAllSettleMs ?? 5_000;
    this.warn = options.onWarning ?? (() => undefined);
  }

  /** Idempotent; creates the store's secondary indexes (its pending-commit pointers included). */
  async ensureIndexes(): Promise<void> {
    await ensureEventStoreIndexes(this.db);
  }

  append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    return inAppendSpan(String(streamId), () => this.appendInSpan(streamId, expectedVersion, events, options));
  }

  private async appendInSpan(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    assertValidStreamId(streamId);
    assertValidExpectedVersion(expectedVersion);
    const opts = validateAppendOptions(options);
    const newEvents = validateNewEvents(events);
    const draft = draftEnvelopes(streamId, newEvents, opts);
    assertWithinLimits(draft(0), this.limits);

    const key = opts.idempotencyKey;
    const carriesKey = (c: CommitDocument) => key !== undefined && c.idempotencyKey === key;
    // A new stream needs no look-up: its first commit goes at the start, always a boundary.
    let position = expectedVersion === 'no-stream' || expectedVersion === 0 ? STREAM_START : await this.chain.startingPoint(streamId);
    // Where a commit carrying the key would be, should a concurrent attempt with it have committed.
    let keySearchFrom = position;
    if (key !== undefined) {
      const reservation = await this.reservations.reserve(streamId, key, position);
      if (!reservation.fresh) {
        const earlier = await this.findKeyedCommit(streamId, key, reservation);
        if (earlier) return toResult(earlier, true);
      }
      keySearchFrom = reservation.from;
    }
    /** A refused expected version, unless an attempt with the same key got there first. */
    const conflict = async (): Promise<AppendResult> => {
      const walked = await this.chain.walkToHead(streamId, keySearchFrom, carriesKey);
      if (walked.stoppedAt) return this.answerRetry(walked.stoppedAt);
      throw new ConcurrencyError(streamId, expectedVersion, walked.head.version);
    };
    let walkedSinceHint = 0;

    for (let attempt = 1; ; attempt += 1) {
      // `position` is a boundary at or before the head. The insert itself is the probe: when a
      // commit already follows `position` the unique `_id` refuses it and we walk on from there.
      if (expectedVersion !== 'any' && position.version < wantedVersion(expectedVersion)) {
        const walked = await this.chain.walkToHead(streamId, position, carriesKey);
        if (walked.stoppedAt) return this.answerRetry(walked.stoppedAt);
        walkedSinceHint += walked.head.version - position.version;
        position = walked.head;
      }
      if (expectedVersion !== 'any' && position.version !== wantedVersion(expectedVersion)) return conflict();

      const commit = buildCommit(streamId, position, draft(position.version), opts);
      await this.pending.announce(streamId, position.version);
      if (await this.insertCommit(commit)) {
        this.chain.remember(commit);
        await this.afterCommit(commit, walkedSinceHint);
        return toResult(commit, false);
      }
      if (expectedVersion !== 'any') return conflict();
      if (attempt >= MAX_ANY_ATTEMPTS) throw new ConcurrencyError(streamId, expectedVersion, undefined);
      const walked = await this.chain.walkToHead(streamId, position, carriesKey);
      if (walked.stoppedAt) return this.answerRetry(walked.stoppedAt);
      walkedSinceHint += walked.head.version - position.version;
      position = walked.head;
    }
  }

  /** The result of an earlier append with this idempotency key, if one committed. */
  async findIdempotentAppend(streamId: string, idempotencyKey: string): Promise<AppendResult | null> {
    assertValidStreamId(streamId);
    assertValidIdentifier('idempotencyKey', idempotencyKey);
    const reservation = await this.reservations.find(streamId, idempotencyKey);
    if (!reservation) return null;
    const commit = await this.findKeyedCommit(streamId, idempotencyKey, reservation);
    return commit ? toResult(commit, true) : null;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    assertValidStreamId(streamId);
    const from = options.fromVersion ?? 1;
    const to = options.toVersion ?? Number.POSITIVE_INFINITY;
    const events: EventEnvelope[] = [];
    for await (const commit of this.chain.commitsAfter(streamId, 0)) {
      if (commit.firstVersion > to) break;
      if (commit.lastVersion < from) continue;
      for (const e of commit.events) if (e.version >= from && e.version <= to) events.push(toEnvelope(e));
    }
    return events;
  }

  /**
   * Events after `boundaryVersion`, which must be a commit boundary: 0 or the `lastVersion`
   * of an append (as recorded by snapshots). Starts reading there instead of at the beginning.
   */
  async readStreamAfterBoundary(streamId: string, boundaryVersion: number, toVersion?: number): Promise<EventEnvelope[]> {
    assertValidStreamId(streamId);
    const to = toVersion ?? Number.POSITIVE_INFINITY;
    const events: EventEnvelope[] = [];
    for await (const commit of this.chain.commitsAfter(streamId, boundaryVersion)) {
      if (commit.firstVersion > to) break;
      for (const e of commit.events) if (e.version <= to) events.push(toEnvelope(e));
    }
    return events;
  }

  /** Temporal query: the events whose timestamp is at or before `at`. */
  async readStreamAsOf(streamId: string, at: Date): Promise<EventEnvelope[]> {
    const events = await this.readStream(streamId);
    return events.filter((e) => e.timestamp.getTime() <= at.getTime());
  }

  /** The version of the last event of the stream (0 when it has none). */
  async streamHead(streamId: string): Promise<number> {
    assertValidStreamId(streamId);
    return (await this.chain.head(streamId)).version;
  }

  readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    return readAllPage(this.commits, options, this.settleMs);
  }

  /** The pages `readAll` would return one after another, up to the settled end, read through one cursor (for rebuilds). */
  readAllPages(options: { readonly after?: string; readonly pageSize?: number } = {}): AsyncGenerator<ReadAllPage> {
    const pageSize = options.pageSize ?? 500;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('readAll page size must be a positive integer');
    return readAllPages(this.commits, { ...(options.after === undefined ? {} : { after: options.after }), pageSize }, this.settleMs);
  }

  /** The commit carrying `key`, searched from where the key's reservation says any such commit must be. */
  private async findKeyedCommit(streamId: string, key: string, reservation: Reservation): Promise<CommitDocument | null> {
    if (reservation.commitId) {
      const commit = await this.chain.readCommitById(reservation.commitId);
      if (commit) return commit;
    }
    return (await this.chain.walkToHead(streamId, reservation.from, (c) => c.idempotencyKey === key)).stoppedAt ?? null;
  }

  private async insertCommit(commit: CommitDocument): Promise<boolean> {
    return (await this.commitInserts.insert(commit)) === 'inserted';
  }

  /**
   * The stored hint only spares other processes (this one remembers its streams) a long walk,
   * so it is written every HINT_STRIDE versions or after a walk that long, not on every append.
   */
  private async afterCommit(commit: CommitDocument, walked: number): Promise<void> {
    const crossesStride = Math.floor((commit.firstVersion - 1) / HINT_STRIDE) !== Math.floor(commit.lastVersion / HINT_STRIDE);
    if (!crossesStride && walked < HINT_STRIDE) return;
    await this.chain.advanceHint(commit).catch((err: unknown) => this.warn('advancing the stream head hint failed', err));
  }

  private async answerRetry(commit: CommitDocument): Promise<AppendResult> {
    await this.afterCommit(commit, 0);
    return toResult(commit, true);
  }
}

function wantedVersion(expected: number | 'no-stream'): number {
  return expected === 'no-stream' ? 0 : expected;
}

/** Envelopes for a given start version; ids are fixed once so a retried position keeps them. */
function draftEnvelopes(streamId: string, events: readonly NewEvent[], opts: AppendOptions): (after: number) => EventEnvelope[] {
  const timestamp = opts.now ?? new Date();
  const ids = events.map((e) => e.eventId ?? randomUUID());
  // The append's span: consumers of these events continue the trace from it.
  const traceContext = activeTraceContext();
  return (after) =>
    events.map((e, i) => ({
      type: e.type,
      eventId: ids[i] as string,
      correlationId: opts.correlationId,
      causationId: opts.causationId ?? opts.correlationId,
      streamId,
      version: after + i + 1,
      timestamp,
      schemaVersion: e.schemaVersion ?? 1,
      payload: e.payload,
      ...traceContext,
    }));
}

function buildCommit(streamId: string, head: StreamPosition, events: EventEnvelope[], opts: AppendOptions): CommitDocument {
  const previous = head.committedAt?.getTime() ?? 0;
  return {
    _id: commitIdAfter(streamId, head.version),
    streamId,
    firstVersion: head.version + 1,
    lastVersion: head.version + events.length,
    events,
    correlationId: opts.correlationId,
    ...(opts.idempotencyKey === undefined ? {} : { idempotencyKey: opts.idempotencyKey }),
    committedAt: new Date(Math.max(Date.now(), previous + 1)),
  };
}

function toResult(commit: CommitDocument, duplicate: boolean): AppendResult {
  return {
    streamId: commit.streamId,
    firstVersion: commit.firstVersion,
    lastVersion: commit.lastVersion,
    commitId: commit._id,
    events: commit.events.map(toEnvelope),
    duplicate,
  };
}
