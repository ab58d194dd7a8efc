import { createHash } from 'node:crypto';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { ProviderRejection, TransientProviderError, type Provider } from '../domain/kernel/provider-errors';
import { randomInt, type LatencyRange, type Random, type Sleep } from './simulation';
import { insertOnce } from '../platform/mongo/insert-once';
import { isDuplicateKeyError } from '../platform/mongo/mongo-errors';

/**
 * Persistence for the provider simulators. A simulator plays an external system, so its state
 * lives in MongoDB, shared by every worker process and surviving their restarts.
 *
 * Written for the FerretDB 1.x subset (no transactions, findAndModify not atomic, only
 * `{_id: exact}` filters fast): every hot read is by `_id`, and the only compare-and-set is an
 * insert that hits the unique `_id` (duplicate key 11000). A fact that must be decided once
 * (the outcome of an idempotency key, a state transition of an entity, the owner of a fresh id)
 * is an insert-once document; no code path updates a document whose value decides anything.
 */

/** Every document a simulator keeps. `type` is for diagnostics and the (scanning) list helpers. */
export interface SimulatorDocument {
  readonly _id: string;
  readonly type: string;
}

/** Fields that order entities by creation across processes (wall time, then ObjectId). */
export interface CreationOrder {
  readonly recordedAt: Date;
  readonly seq: ObjectId;
}

export function creationOrder(): CreationOrder {
  return { recordedAt: new Date(), seq: new ObjectId() };
}

export class SimulatorStore {
  private readonly collection: Collection<SimulatorDocument>;

  constructor(db: Db, collectionName: string) {
    this.collection = db.collection<SimulatorDocument>(collectionName);
  }

  async get<D extends SimulatorDocument>(id: string): Promise<D | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return (doc ?? undefined) as D | undefined;
  }

  /**
   * Replaces (or creates) a settings document. Not a compare-and-set: only for settings an
   * operator flips, never for a fact decided once.
   */
  async put<D extends SimulatorDocument>(doc: D): Promise<void> {
    await this.collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  /** Inserts the document unless one with its `_id` exists: true if this call inserted it. */
  async insertOnce(doc: SimulatorDocument): Promise<boolean> {
    return insertOnce(this.collection, doc);
  }

  /** Inserts the document, or returns the one that got its `_id` first; `inserted` tells which. */
  async insertOrGet<D extends SimulatorDocument>(doc: D): Promise<{ readonly inserted: boolean; readonly doc: D }> {
    if (await this.insertOnce(doc)) return { inserted: true, doc };
    const existing = await this.get<D>(doc._id);
    if (existing === undefined) throw new Error(`Simulator document ${doc._id} conflicted on insert but cannot be read`);
    return { inserted: false, doc: existing };
  }

  /**
   * Claims the exit of `entityId` from state `from` (see TransitionDocument): an earlier claim is
   * answered at once; otherwise `transition` says where this call takes it and the insert decides
   * the race. `answer` turns the winning claim into this call's answer (its own outcome, or how it
   * answers a claim someone else won).
   */
  async claimTransition<E extends TransitionDocument<string>, T>(
    claim: { readonly entityId: string; readonly from: E['from']; readonly claimedBy: string },
    transition: () => Promise<DistributiveOmit<E, keyof TransitionDocument<string> | '_id'> & { readonly to: E['to'] }>,
    answer: (exit: E) => T,
  ): Promise<T> {
    const _id = transitionId(claim.entityId, claim.from);
    const earlier = await this.get<E>(_id);
    if (earlier) return answer(earlier);
    const exit = { _id, type: 'transition', entityId: claim.entityId, from: claim.from, claimedBy: claim.claimedBy, claimedAt: new Date(), ...(await transition()) } as unknown as E;
    return answer((await this.insertOrGet(exit)).doc);
  }

  /**
   * Inserts a new entity under an id drawn by `drawId`, drawing again while the id is taken
   * (two simulators seeded alike draw the same ids), so that the id belongs to this caller.
   */
  async insertWithFreshId(drawId: () => string, document: (id: string) => SimulatorDocument): Promise<string> {
    for (;;) {
      const id = drawId();
      if (await this.insertOnce(document(id))) return id;
    }
  }

  /**
   * Raises a numeric field to at least `value`. Not atomic on FerretDB (read, then write),
   * so only for hints whose staleness is harmless.
   */
  async raiseAtLeast(id: string, type: string, field: string, value: number): Promise<void> {
    try {
      await this.collection.updateOne({ _id: id }, { $max: { [field]: value }, $setOnInsert: { type } }, { upsert: true });
    } catch (err) {
      // Two first upserts raced and both tried to insert: the document exists now.
      if (!isDuplicateKeyError(err)) throw err;
      await this.collection.updateOne({ _id: id }, { $max: { [field]: value } });
    }
  }

  /** Every document of a type, in creation order. Scans the collection: for tests and diagnostics only. */
  async listOfType<D extends SimulatorDocument & CreationOrder>(type: string): Promise<D[]> {
    const docs = await this.collection.find({ type }).sort({ recordedAt: 1, seq: 1 }).toArray();
    return docs as unknown as D[];
  }
}

/**
 * An entity id that belongs to one idempotency key: the entity's insert is the side effect and
 * carries its answer, so a call that crashes after acting and is retried with the same key finds
 * its own entity instead of making a second one (the outcome is recorded with the side effect).
 */
export function keyedId(prefix: string, operation: string, key: string, alphabet = '0123456789abcdefghijklmnopqrstuvwxyz', length = 16): string {
  const digest = createHash('sha256').update(`${operation}:${key}`).digest();
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[(digest[i] ?? 0) % alphabet.length];
  return `${prefix}${id}`;
}

interface OrderReferenceDocument extends SimulatorDocument {
  readonly type: 'order-reference';
  readonly entityId: string;
}

/**
 * The merchant's order reference that real providers keep on each entity (metadata, a reference
 * field), so that "everything made for order X" can be asked. `ref:<kind>:<orderId>:<n>`, inserted
 * once each (numbered like attempts, no counter to update) before the entity itself, so that no
 * entity exists that its order cannot find; a reference whose entity never appeared is skipped.
 */
export class OrderReferences {
  constructor(
    private readonly store: SimulatorStore,
    private readonly kind: string,
  ) {}

  async add(orderId: string, entityId: string): Promise<void> {
    for (let n = 1; ; n++) {
      const { inserted, doc } = await this.store.insertOrGet<OrderReferenceDocument>({ _id: this.id(orderId, n), type: 'order-reference', entityId });
      if (inserted || doc.entityId === entityId) return;
    }
  }

  /** Entity ids referenced by the order, oldest first, each once. */
  async list(orderId: string): Promise<readonly string[]> {
    const ids: string[] = [];
    for (let n = 1; ; n++) {
      const doc = await this.store.get<OrderReferenceDocument>(this.id(orderId, n));
      if (doc === undefined) return ids;
      if (!ids.includes(doc.entityId)) ids.push(doc.entityId);
    }
  }

  private id(orderId: string, n: number): string {
    return `ref:${this.kind}:${orderId}:${n}`;
  }
}

/**
 * A state transition of an entity (authorized -> captured | voided, scheduled -> cancelled |
 * dispatched, ...), claimed by inserting `transition:<entityId>:<from>`: the unique `_id` lets
 * exactly one call leave a given state, whatever the number of processes. The entity document
 * itself is never updated; its current state is the chain of claims. A conditional update
 * (`updateOne({_id, status: from}, {$set: {status: to}})` checking modifiedCount) would be
 * atomic on MongoDB, but FerretDB 1.x applies an update by reading the document and writing
 * it back, so two calls could both see `from` and both "win".
 *
 * The claim also carries the winner's answer, so a retry of the winning call after a crash
 * (claim written, idempotency record not yet) answers the same instead of being refused.
 */
export interface TransitionDocument<S extends string> extends SimulatorDocument {
  readonly type: 'transition';
  readonly entityId: string;
  readonly from: S;
  readonly to: S;
  /** The idempotency record id (`<operation>:<key>`) of the call that made the transition. */
  readonly claimedBy: string;
  readonly claimedAt: Date;
}

/** Omit over each member of a union (the built-in one merges them). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function transitionId(entityId: string, from: string): string {
  return `transition:${entityId}:${from}`;
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProviderRejection };

interface StoredRejection {
  readonly provider: Provider;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

type StoredOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: StoredRejection };

interface IdempotencyDocument<T> extends SimulatorDocument {
  readonly type: 'idempotency';
  readonly operation: string;
  readonly idempotencyKey: string;
  /** A JSON digest of the request, never secrets (the gateway hashes the card number first). */
  readonly fingerprint: string;
  readonly outcome: StoredOutcome<T>;
  readonly recordedAt: Date;
}

interface AttemptDocument extends SimulatorDocument {
  readonly type: 'attempt';
}

interface AttemptCountDocument extends SimulatorDocument {
  readonly type: 'attempt-count';
  readonly count?: number;
}

/**
 * What a provider remembers about one operation's idempotency keys: the first definitive
 * outcome per key (a result or a ProviderRejection; transient errors are not remembered, as
 * with real providers) and how many attempts each key has seen.
 *
 * Documents (`<operation>` is e.g. 'authorize', 'capture'):
 * - `<operation>:<key>`: the outcome, inserted once; first writer wins, a concurrent
 *   duplicate reads it back and answers with it.
 * - `attempt:<operation>:<key>:<n>`: one per attempt; inserting number n is what claims it,
 *   so concurrent attempts get distinct numbers. A `$inc` counter would not do: FerretDB
 *   applies updates by reading then writing, so concurrent increments can be lost.
 * - `attempts:<operation>:<key>`: the highest attempt number seen, a hint where to start
 *   probing (raised with `$max`; if a racing write leaves it low, probing just goes further).
 */
export class IdempotencyRecord<T> {
  constructor(
    private readonly store: SimulatorStore,
    private readonly provider: Provider,
    readonly operation: string,
  ) {}

  /** The `_id` of this key's outcome document; entities point back to it. */
  recordId(key: string): string {
    return `${this.operation}:${key}`;
  }

  /** Counts one more attempt with this key; returns its number, 1 for the first. */
  async countAttempt(key: string): Promise<number> {
    let n = (await this.attemptHint(key)) + 1;
    while (!(await this.store.insertOnce({ _id: this.attemptId(key, n), type: 'attempt' } satisfies AttemptDocument))) n++;
    await this.store.raiseAtLeast(this.attemptCountId(key), 'attempt-count', 'count', n);
    return n;
  }

  async attempts(key: string): Promise<number> {
    let n = await this.attemptHint(key);
    while ((await this.store.get<AttemptDocument>(this.attemptId(key, n + 1))) !== undefined) n++;
    return n;
  }

  /** The stored value for this key if its outcome was a success, else undefined. */
  async storedValue(key: string): Promise<T | undefined> {
    const doc = await this.store.get<IdempotencyDocument<T>>(this.recordId(key));
    return doc?.outcome.ok ? doc.outcome.value : undefined;
  }

  /** The outcome first recorded for this key, replayed (returned or thrown); undefined if none. */
  async replay(key: string, fingerprint: string): Promise<{ readonly value: T } | undefined> {
    const doc = await this.store.get<IdempotencyDocument<T>>(this.recordId(key));
    if (doc === undefined) return undefined;
    if (doc.fingerprint !== fingerprint) {
      throw new ProviderRejection(this.provider, 'idempotency-key-reused', 'This idempotency key was used for a different request', {
        idempotencyKey: key,
      });
    }
    if (!doc.outcome.ok) {
      const { provider, code, message, details } = doc.outcome.rejection;
      throw new ProviderRejection(provider, code, message, details);
    }
    return { value: doc.outcome.value };
  }

  /**
   * Runs `operation` and records its result or ProviderRejection (other errors pass through
   * unrecorded). If another call recorded this key meanwhile, its outcome is the answer.
   */
  async record(key: string, fingerprint: string, operation: () => Promise<T>): Promise<T> {
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await operation() };
    } catch (err) {
      if (!(err instanceof ProviderRejection)) throw err;
      outcome = { ok: false, error: err };
    }
    const doc: IdempotencyDocument<T> = {
      _id: this.recordId(key),
      type: 'idempotency',
      operation: this.operation,
      idempotencyKey: key,
      fingerprint,
      outcome: toStored(outcome),
      recordedAt: new Date(),
    };
    if (!(await this.store.insertOnce(doc))) {
      const first = await this.replay(key, fingerprint);
      if (first === undefined) throw new Error(`Idempotency record ${doc._id} conflicted on insert but cannot be read`);
      return first.value;
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  private async attemptHint(key: string): Promise<number> {
    return (await this.store.get<AttemptCountDocument>(this.attemptCountId(key)))?.count ?? 0;
  }

  private attemptId(key: string, n: number): string {
    return `attempt:${this.operation}:${key}:${n}`;
  }

  private attemptCountId(key: string): string {
    return `attempts:${this.operation}:${key}`;
  }
}

/** Plain JSON data, so that a replay equals the first answer (no `undefined` stored as null). */
function toStored<T>(outcome: Outcome<T>): StoredOutcome<T> {
  if (outcome.ok) return { ok: true, value: JSON.parse(JSON.stringify(outcome.value)) as T };
  const { provider, code, message, details } = outcome.error;
  return {
    ok: false,
    rejection: { provider, code, message, details: JSON.parse(JSON.stringify(details)) as Record<string, unknown> },
  };
}

export interface SimulatedCallOptions {
  readonly provider: Provider;
  readonly random: Random;
  readonly sleep: Sleep;
  /** Probability in [0, 1] that a call fails transiently: half before, half after the provider acted. */
  readonly transientFailureRate: number;
}

/**
 * One call to a simulated provider: wait the latency, replay a known key, maybe fail
 * transiently (possibly after acting, like a lost response), else act and remember.
 */
export async function simulateCall<T>(
  options: SimulatedCallOptions,
  record: IdempotencyRecord<T>,
  key: string,
  request: object,
  latencyMs: number,
  operation: (attempt: number) => Promise<T>,
): Promise<T> {
  if (key.length === 0 || key.length > 255) {
    throw new ProviderRejection(options.provider, 'invalid-idempotency-key', 'An idempotency key of 1 to 255 characters is required');
  }
  await options.sleep(latencyMs);
  const attempt = await record.countAttempt(key);
  const fingerprint = JSON.stringify(request);
  const replayed = await record.replay(key, fingerprint);
  if (replayed) return replayed.value;
  const fault = options.random() < options.transientFailureRate;
  const lostResponse = fault && options.random() < 0.5;
  if (fault && !lostResponse) {
    throw new TransientProviderError(options.provider, 'Simulated outage: the request did not reach the provider');
  }
  const value = await record.record(key, fingerprint, () => operation(attempt));
  if (lostResponse) {
    throw new TransientProviderError(options.provider, 'Simulated outage: the provider acted but the response was lost');
  }
  return value;
}

export function pickLatency(random: Random, range: LatencyRange): number {
  return randomInt(random, range.minMs, range.maxMs);
}
