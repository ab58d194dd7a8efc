import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { customerDecider } from '../../../shared/domain/crm/customer/customer-decider';
import type { CustomerEvent } from '../../../shared/domain/crm/customer/customer-events';
import { EventStore } from '../../../shared/platform/event-store';
import { stockDecider } from '../../../shared/domain/inventory/stock/stock-decider';
import type { StockEvent } from '../../../shared/domain/inventory/stock/stock-events';
import { reservedQuantity } from '../../../shared/domain/inventory/stock/stock-state';
import { fold } from '../../../shared/platform/event-store/decider';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import type { OrderPlacedPayload } from '../../../shared/domain/ordering/order/order-events';
import { OUTBOX_COLLECTIONS } from '../../../shared/platform/outbox/outbox-collections';
import { MongoViewStore } from '../../../shared/platform/projections/mongo-view-store';
import { ALL_VIEWS, VIEW_NAMES } from '../../../shared/domain/view-catalog';
import { ViewRebuilder } from '../../../shared/platform/projections/view-rebuilder';
import { useTestDatabase } from '../../support/mongo';
import { runOrderWorkload } from '../../support/order-workload';
import { activeCollection, allEvents, applyAll, collectionContent, describeDifference, foldView, startTestProjector, untilIdle, viewContent, withBackPressure } from './read-side-kit';

const { client, db: writeDb } = await useTestDatabase('rs_conc_w');
const readDb = client.db(`${writeDb.databaseName}_read`);
const WRITERS = 8;
const EVENTS_PER_WRITER = 500;

const byStream = (events: readonly EventEnvelope[]) => {
  const streams = new Map<string, EventEnvelope[]>();
  for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
  return streams;
};

describe('read side under concurrent writers', () => {
  it(`${WRITERS} writers x ${EVENTS_PER_WRITER} events: every view equals the fold of the event store, a rebuild gives the same, replaying twice changes nothing`, async () => {
    const store = new EventStore(writeDb);
    await store.ensureIndexes();
    const projector = startTestProjector(writeDb, readDb);
    await projector.start();
    try {
      const appender = withBackPressure(store, writeDb);
      const appended = await Promise.all(Array.from({ length: WRITERS }, (_, writer) =>
        runOrderWorkload(appender, { writer, events: EVENTS_PER_WRITER, sharedCustomers: 12, sharedSkus: 6 })));
      appender.stop();
      expect(appended).toEqual(Array.from({ length: WRITERS }, () => EVENTS_PER_WRITER));
      await untilIdle(writeDb);
      const events = await allEvents(writeDb);
      expect(events).toHaveLength(WRITERS * EVENTS_PER_WRITER);
      expect(await writeDb.collection(OUTBOX_COLLECTIONS.deadLetters).countDocuments({})).toBe(0);

      // 1. Each live view equals the same view folded from the store, event by event, in memory.
      const live = new Map<string, unknown[]>();
      for (const view of VIEW_NAMES) {
        const content = await viewContent(readDb, view);
        live.set(view, content);
        expect(content.length, `${view} has documents`).toBeGreaterThan(0);
        const folded = await foldView(view, events);
        expect(isDeepStrictEqual(content, folded), `${view} equals the fold of the event store: ${describeDifference(content, folded)}`).toBe(true);
      }

      // ... and what it shows agrees with folds that do not use the view code at all.
      const streams = byStream(events);
      const sales = new Map<string, { amountCents: number; orders: number }>();
      for (const [streamId, stream] of streams) {
        if (!streamId.startsWith('order-')) continue;
        const placed = stream[0]?.payload as OrderPlacedPayload;
        const last = [...stream].reverse().find((e) => ['order-confirmed', 'order-cancelled', 'order-rejected'].includes(e.type));
        if (last?.type !== 'order-confirmed') continue;
        const s = sales.get(placed.shippingAddress.state) ?? { amountCents: 0, orders: 0 };
        sales.set(placed.shippingAddress.state, { amountCents: s.amountCents + placed.totalCents, orders: s.orders + 1 });
      }
      const salesView = MongoViewStore.open(readDb, await activeCollection(readDb, 'sales-by-state'));
      expect((await salesView.get<{ _id: string; states: object }>('totals'))?.states).toEqual(Object.fromEntries(sales));

      const stockView = MongoViewStore.open(readDb, await activeCollection(readDb, 'stock-levels'));
      for (const [streamId, stream] of streams) {
        if (!streamId.startsWith('stock-')) continue;
        const state = fold(stockDecider, stockDecider.initialState, stream as unknown as StockEvent[]);
        const doc = await stockView.get<{ _id: string; state: { onHand: number; reserved: number } }>(streamId.slice('stock-'.length));
        expect(doc?.state, streamId).toMatchObject({ onHand: state.onHand, reserved: reservedQuantity(state) });
      }

      const customerView = MongoViewStore.open(readDb, await activeCollection(readDb, 'customers'));
      for (const [streamId, stream] of streams) {
        if (!streamId.startsWith('customer-')) continue;
        const state = fold(customerDecider, customerDecider.initialState, stream as unknown as CustomerEvent[]);
        const doc = await customerView.get<{ _id: string; version: number; state: { profile: object } }>(streamId.slice('customer-'.length));
        expect(doc, streamId).toMatchObject({ version: stream.length, state: { profile: state.profile } });
      }

      const ordersView = MongoViewStore.open(readDb, await activeCollection(readDb, 'orders-by-customer'));
      const placedByCustomer = new Map<string, EventEnvelope[]>();
      for (const e of events) {
        if (e.type !== 'order-placed') continue;
        const { customerId } = e.payload as OrderPlacedPayload;
        placedByCustomer.set(customerId, [...(placedByCustomer.get(customerId) ?? []), e]);
      }
      for (const [customerId, placed] of placedByCustomer) {
        const doc = await ordersView.get<{ _id: string; orders: { orderId: string; version: number }[] }>(`customer|${customerId}`);
        const expected = [...placed].sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime() || (a.streamId < b.streamId ? 1 : -1));
        expect(doc?.orders.map((o) => o.orderId), customerId).toEqual(expected.map((e) => (e.payload as OrderPlacedPayload).orderId));
        expect(doc?.orders.map((o) => o.version)).toEqual(expected.map((e) => streams.get(e.streamId)?.length));
      }

      // 2. A rebuild from the event store, while the projector runs, gives the same content.
      const before = await Promise.all(VIEW_NAMES.map((view) => activeCollection(readDb, view)));
      const jobs = await new ViewRebuilder({ views: ALL_VIEWS, writeDb, readDb, pageSize: 1_000 }).rebuild(VIEW_NAMES, 'test');
      expect(jobs.map((j) => j.view).sort()).toEqual([...VIEW_NAMES].sort());
      for (const job of jobs) {
        expect(job).toMatchObject({ status: 'completed', phase: 'switched', eventsRead: events.length });
        expect(await activeCollection(readDb, job.view)).toBe(job.collection);
        expect(before).not.toContain(job.collection);
        const rebuilt = await collectionContent(readDb, job.collection);
        expect(isDeepStrictEqual(rebuilt, live.get(job.view)), `rebuilt ${job.view} equals the live one: ${describeDifference(rebuilt, live.get(job.view) ?? [])}`).toBe(true);
      }

      // 3. Every event applied twice more to the live collections changes no document, not even a revision.
      await projector.stop();
      for (const view of VIEW_NAMES) {
        const before = await viewContent(readDb, view, true);
        const target = MongoViewStore.open(readDb, await activeCollection(readDb, view));
        for (let round = 0; round < 2; round += 1) await applyAll(view, target, events);
        expect(isDeepStrictEqual(await viewContent(readDb, view, true), before), `${view} unchanged by a double replay`).toBe(true);
      }
    } finally {
      await projector.stop();
      await readDb.dropDatabase().catch(() => undefined);
    }
  }, 60 * 60_000);
});
