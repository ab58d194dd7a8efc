import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { publicMessageCatalogue } from '../../../shared/domain/message-catalog';
import { paymentDecider } from '../../../shared/domain/payments/payment/payment-decider';
import { ALL_VIEWS } from '../../../shared/domain/view-catalog';
import { AggregateRepository, EventStore } from '../../../shared/platform/event-store';
import { CommitFeed } from '../../../shared/platform/event-store/commit-feed';
import { EVENT_STORE_COLLECTIONS } from '../../../shared/platform/event-store/event-store-collections';
import { MessageTranslator } from '../../../shared/platform/messaging/message-translator';
import { publishingSubscriber } from '../../../shared/platform/messaging/publishing-subscriber';
import type { PublicMessage } from '../../../shared/platform/messaging/public-message';
import { OutboxRelay } from '../../../shared/platform/outbox';
import { ViewRebuilder } from '../../../shared/platform/projections/view-rebuilder';
import { useTestDatabase } from '../../support/mongo';
import { collectionContent, startTestProjector, untilIdle, viewContent } from '../read-side/read-side-kit';
import { driveUntil, FAST_RELAY } from './relay-test-kit';

const { db: writeDb, client } = await useTestDatabase('evolution');
const readDb = client.db(`${writeDb.databaseName}_read`);
const store = new EventStore(writeDb);
await store.ensureIndexes();

const V1_AUTHORIZED = { orderId: 'o-v1', amountCents: 2500, currency: 'USD', authorizationId: 'auth_v1', cardLast4: '4242' };
const AS_V2 = { orderId: 'o-v1', amount: { amountCents: 2500, currency: 'USD' }, authorizationId: 'auth_v1', cardLast4: '4242' };

/** A payment stream written entirely before the change: payment-authorized at schema version 1. */
async function writeVersionOneStreams(): Promise<void> {
  const options = { correlationId: 'corr-v1' };
  await store.append('order-o-v1', 'no-stream', [{
    type: 'order-placed', payload: {
      orderId: 'o-v1', customerId: 'cus_v1', lines: [{ sku: 'WIDGET', quantity: 1, unitPriceCents: 2500, lineTotalCents: 2500 }],
      shippingAddress: { name: 'Ada', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' }, totalCents: 2500, currency: 'USD',
    },
  }], options);
  await store.append('payment-o-v1', 'no-stream', [{ type: 'payment-authorized', schemaVersion: 1, payload: V1_AUTHORIZED }], options);
  await store.append('payment-o-v1', 1, [{ type: 'payment-captured', payload: { orderId: 'o-v1', amountCents: 2500, currency: 'USD', authorizationId: 'auth_v1', captureId: 'cap_v1' } }], options);
}

describe('payment-authorized version 1 after the change to version 2', () => {
  it('stays as written, and loads, projects, rebuilds and publishes in the version-2 shape', async () => {
    // Subscribers known to every relay before the events are written (fan-out signals the subscribers it knows).
    const published: PublicMessage[] = [];
    const relay = new OutboxRelay(writeDb, {
      ...FAST_RELAY,
      subscribers: [publishingSubscriber({
        name: 'payments-partner', translator: new MessageTranslator(publicMessageCatalogue, store),
        selection: [{ type: 'payments.payment-authorized', version: 1 }, { type: 'payments.payment-authorized', version: 2 }],
        sink: { deliver: async (m) => { published.push(m); } },
      })],
    });
    await relay.runOnce();
    const projector = startTestProjector(writeDb, readDb);
    await projector.start();
    try {
      await projector.whenBootstrapped();
      await writeVersionOneStreams();

      // Stored as written: no code path rewrites an event.
      const raw = await writeDb.collection(EVENT_STORE_COLLECTIONS.commits).findOne({ _id: 'payment-o-v1@0' as never });
      expect(raw?.events[0]).toMatchObject({ schemaVersion: 1, payload: V1_AUTHORIZED });

      // History reads (the history endpoints' path), the relay's commit feed and readAll (rebuilds) upcast.
      const [authorized] = await store.readStream('payment-o-v1');
      expect(authorized).toMatchObject({ type: 'payment-authorized', schemaVersion: 2, payload: AS_V2 });
      expect((await store.readStreamAsOf('payment-o-v1', new Date()))[0]?.payload).toEqual(AS_V2);
      expect((await new CommitFeed(writeDb).readCommit('payment-o-v1', 0))?.events[0]).toMatchObject({ schemaVersion: 2, payload: AS_V2 });
      const all = await new EventStore(writeDb, { readAllSettleMs: 0 }).readAll();
      expect(all.events.find((e) => e.type === 'payment-authorized')?.payload).toEqual(AS_V2);

      // Loads: the aggregate folds the upcast event, and decides on it (a refund of the captured amount).
      const payments = new AggregateRepository(store, paymentDecider);
      const loaded = await payments.load('payment-o-v1');
      expect(loaded.state).toMatchObject({ status: 'captured', authorization: { amount: { amountCents: 2500, currency: 'USD' } } });
      const refund = await payments.execute('payment-o-v1', { type: 'refund-payment', refundId: 'ref_v1', reason: 'customer asked' }, { correlationId: 'corr-v1' });
      expect(refund.events[0]).toMatchObject({ type: 'payment-refunded', payload: { amountCents: 2500, currency: 'USD' } });

      // Projects: the live order summary shows the amount of the version-1 authorization.
      const paymentPart = async () =>
        ((await viewContent(readDb, 'order-summary')) as { _id: string; state: { amountCents?: number; status?: string } }[]).find((d) => d._id === 'o-v1|payment');
      await untilIdle(writeDb, async () => (await paymentPart())?.state.status === 'refunded');
      expect((await paymentPart())?.state).toMatchObject({ kind: 'payment', amountCents: 2500, authorizationId: 'auth_v1', status: 'refunded' });

      // Rebuilds: a rebuild from the event store gives the same view.
      const live = await viewContent(readDb, 'order-summary');
      const [job] = await new ViewRebuilder({ views: ALL_VIEWS, writeDb, readDb }).rebuild(['order-summary'], 'evolution-test');
      expect(job).toMatchObject({ status: 'completed' });
      expect(isDeepStrictEqual(await collectionContent(readDb, job!.collection), live)).toBe(true);
    } finally {
      await projector.stop();
      await readDb.dropDatabase().catch(() => undefined);
    }

    // Publishes: both public versions, from the relay's commits.
    await driveUntil([relay], () => published.length === 2);
    expect(published.map((m) => [m.schemaVersion, m.streamId, m.payload])).toEqual([
      [1, 'payment-o-v1', { orderId: 'o-v1', amountCents: 2500, currency: 'USD', authorizationId: 'auth_v1' }],
      [2, 'payment-o-v1', { orderId: 'o-v1', amount: { amountCents: 2500, currency: 'USD' }, authorizationId: 'auth_v1' }],
    ]);
  });
});
