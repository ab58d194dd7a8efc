import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { expect } from 'vitest';
import { localActivityDeps } from '../../../activities/local-providers';
import { returnParticipants, type ReturnParticipantName } from '../../../shared/app/return-participants';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import { returnsView } from '../../../shared/domain/ordering/views/returns-view';
import type { EventStore } from '../../../shared/platform/event-store';
import { OutboxRelay } from '../../../shared/platform/outbox';
import type { Subscriber } from '../../../shared/platform/outbox/subscriber';
import type { Projector } from '../../../shared/platform/projections';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness, type LooseJson } from '../../support/api-harness';
import { finalSaga, orderBody, placeOrder, receiveStock, uniqueSku } from '../../support/orders';
import { startTestWorker } from '../../support/test-worker';
import { startTestProjector, TEST_PROJECTOR } from '../read-side/read-side-kit';

export const ALL_PARTICIPANTS: readonly ReturnParticipantName[] = ['ordering', 'shipping', 'payments', 'inventory', 'loyalty'];

/** Quick relay settings for the participants (the projector's test settings). */
export const FAST_PARTICIPANT_RELAY = TEST_PROJECTOR.relay;

/**
 * The API, a Temporal worker, the projector of the returns view and (unless `participants: []`)
 * the returns participants as an in-process relay, on a database and task queue of their own.
 */
export interface ReturnsStack {
  readonly api: ApiHarness;
  readonly store: EventStore;
  readonly readDb: Db;
  /** Starts the participants relay (again) with these participants; `wrap` changes each subscriber (e.g. to deliver twice). */
  startParticipants(participants?: readonly ReturnParticipantName[], wrap?: (s: Subscriber) => Subscriber): void;
  stopParticipants(): Promise<void>;
  stop(): Promise<void>;
}

export interface ReturnsStackOptions {
  readonly env?: Record<string, string>;
  /** The simulated carrier's transit of a return parcel (default 1 s). */
  readonly parcelTransitMs?: number;
  readonly participants?: readonly ReturnParticipantName[];
}

export async function startReturnsStack(options: ReturnsStackOptions = {}): Promise<ReturnsStack> {
  const api = await startApiHarness({
    MONGODB_READ_DB: `read_${randomUUID().slice(0, 8)}`,
    ORDER_DISPATCH_AFTER: '1 second',
    ORDER_REVIEW_THRESHOLD_CENTS: '1000000',
    RETURN_REFUND_RETRY_BUDGET: '20 seconds',
    ...options.env,
  });
  const db = api.deps.mongo.db;
  const deps = localActivityDeps(db, api.deps.dataKeys, { returnParcelTransitMs: options.parcelTransitMs ?? 1_000 });
  await deps.eventStore.ensureIndexes();
  const worker = await startTestWorker(api.config.temporal.taskQueue, deps);
  const readDb = api.deps.mongo.client.db(api.config.mongo.readDbName);
  const projector: Projector = startTestProjector(db, readDb, { views: [returnsView] });
  await projector.start();

  let relay: OutboxRelay | undefined;
  const stack: ReturnsStack = {
    api,
    store: deps.eventStore,
    readDb,
    startParticipants(participants = ALL_PARTICIPANTS, wrap = (s) => s) {
      const subscribers = returnParticipants({
        db,
        store: deps.eventStore,
        catalogue: publicMessageCatalogue,
        temporal: api.deps.temporal.client,
        taskQueue: api.config.temporal.taskQueue,
        refundRetryBudget: api.config.returns.refundRetryBudget,
        participants,
        inboxAbandonAfterMs: 2_000,
      }).map(wrap);
      relay = new OutboxRelay(db, { ...FAST_PARTICIPANT_RELAY, subscribers });
      relay.start();
    },
    async stopParticipants() {
      await relay?.stop();
      relay = undefined;
    },
    async stop() {
      await relay?.stop();
      await projector.stop();
      await worker.stop();
      await readDb.dropDatabase().catch(() => undefined);
      await api.close();
    },
  };
  if ((options.participants ?? ALL_PARTICIPANTS).length > 0) stack.startParticipants(options.participants);
  return stack;
}

/** An order placed with `card`, run through its saga to dispatch; returns its body. */
export async function dispatchedOrder(api: ApiHarness, lines: { quantity: number; unitPriceCents: number }[], card?: string) {
  const skus = lines.map(() => uniqueSku('ret'));
  for (const [i, sku] of skus.entries()) await receiveStock(api, sku, 50 + i);
  const body = orderBody({ lines: lines.map((l, i) => ({ sku: skus[i] as string, ...l })), ...(card ? { card } : {}) });
  expect((await placeOrder(api, body)).status).toBe(202);
  expect((await finalSaga(api, body.orderId)).status).toBe('COMPLETED');
  return body;
}

export async function requestReturn(api: ApiHarness, orderId: string, body: LooseJson): Promise<{ status: number; json: LooseJson }> {
  const res = await api.request('POST', `/orders/${orderId}/returns`, { key: TEST_KEYS.commands, body });
  return { status: res.status, json: await readJson(res) };
}

export async function getReturn(api: ApiHarness, returnId: string): Promise<{ status: number; json: LooseJson }> {
  const res = await api.request('GET', `/returns/${returnId}`, { key: TEST_KEYS.queries });
  return { status: res.status, json: await readJson(res) };
}

/** Polls GET /returns/{id} until `done` holds (the test runner's timeout bounds it). */
export async function waitForReturn(api: ApiHarness, returnId: string, done: (r: LooseJson) => boolean): Promise<LooseJson> {
  for (;;) {
    const { status, json } = await getReturn(api, returnId);
    if (status === 200 && done(json)) return json;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The return once every participant has reacted (nothing outstanding). */
export const settledReturn = (api: ApiHarness, returnId: string): Promise<LooseJson> => waitForReturn(api, returnId, (r) => r.settled === true);

export const reactionsOf = (r: LooseJson): string[] => (r.reactions as LooseJson[]).map((x) => `${x.participant}:${x.reaction}`);

export async function streamTypes(store: EventStore, streamId: string): Promise<string[]> {
  return (await store.readStream(streamId)).map((e) => e.type);
}

/** Units of a SKU available to sell, as its last event that reports them says. */
export async function available(store: EventStore, sku: string): Promise<number> {
  const events = await store.readStream(`stock-${sku}`);
  const last = events.map((e) => e.payload as { availableAfter?: number }).filter((p) => p.availableAfter !== undefined).at(-1);
  if (!last) throw new Error(`stock-${sku} reports no available units`);
  return last.availableAfter as number;
}
