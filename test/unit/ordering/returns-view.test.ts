import { describe, expect, it } from 'vitest';
import { listReturns, readReturnProgress, returnsView, countOpenReturns } from '../../../shared/domain/ordering/views/returns-view';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { MemoryViewStore } from '../../../shared/platform/projections/memory-view-store';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const MINUTE = 60_000;
const versions = new Map<string, number>();

/** An event of the return `r-1` on `streamId`, `minutes` after T0. */
function event(streamId: string, type: string, payload: Record<string, unknown>, minutes: number, returnId = 'r-1'): EventEnvelope {
  const version = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, version);
  return {
    type, eventId: `${streamId}-${version}`, correlationId: returnId, causationId: 'm', streamId, version,
    timestamp: new Date(T0 + minutes * MINUTE), schemaVersion: 1, payload: { returnId, orderId: 'o-1', ...payload },
  };
}

const lines = [{ sku: 'SKU-A', quantity: 1, unitPriceCents: 1000, refundCents: 1000 }];
const requested = (returnId = 'r-1') => event(`order-returns-o-1`, 'return-requested', {
  customerId: 'c-1', lines, refundCents: 1000, currency: 'USD', reason: 'no-longer-needed', dispatchedAt: '2026-02-28T00:00:00.000Z', orderUnits: 1,
}, 0, returnId);
const labelled = () => event('return-shipment-r-1', 'return-label-issued', { carrier: 'sim', trackingId: 'RTN1', lines, expectedBy: '2026-03-08T10:00:00.000Z', statedReason: 'no-longer-needed' }, 1);
const received = () => event('return-shipment-r-1', 'return-parcel-received', { condition: 'resellable', scannedBy: 'carrier', lines, receivedAt: '2026-03-01T10:02:00.000Z' }, 2);

async function viewOf(events: EventEnvelope[]): Promise<MemoryViewStore> {
  const store = new MemoryViewStore();
  for (const e of events) await returnsView.apply(store, e);
  return store;
}

describe('the returns view (choreography made visible)', () => {
  it("puts a return together from the participants' streams, with what is still outstanding", async () => {
    versions.clear();
    const store = await viewOf([requested(), labelled(), received()]);
    const progress = await readReturnProgress(store, 'r-1');
    expect(progress?.status).toBe('RECEIVED');
    expect(progress?.reactions.map((r) => `${r.participant}:${r.reaction}`)).toEqual(['ordering:return-requested', 'shipping:return-label-issued', 'shipping:return-parcel-received']);
    expect(progress?.outstanding).toEqual([
      { participant: 'payments', awaiting: 'refund', waitingOn: 'participant' },
      { participant: 'inventory', awaiting: 'restock or write-off', waitingOn: 'participant' },
    ]);
    expect(progress?.lastProgressAt).toEqual(new Date(T0 + 2 * MINUTE));
  });

  it('flags a return stuck only when a participant owes a reaction and nothing happened for the configured time', async () => {
    versions.clear();
    const store = await viewOf([requested(), labelled(), received()]);
    const at = (minutes: number) => ({ now: new Date(T0 + minutes * MINUTE), stuckAfterMs: 15 * MINUTE, days: 1, limit: 10 });
    expect((await listReturns(store, { ...at(16), stuck: true })).returns).toEqual([]);
    const late = await listReturns(store, { ...at(18), stuck: true });
    expect(late.returns.map((r) => [r.returnId, r.stuck])).toEqual([['r-1', true]]);
    expect(await countOpenReturns(store, at(18).now, 15 * MINUTE)).toEqual({ open: 1, stuck: 1 });
  });

  it("waiting for the customer's parcel is never stuck", async () => {
    versions.clear();
    const store = await viewOf([requested(), labelled()]);
    const progress = await readReturnProgress(store, 'r-1');
    expect(progress?.outstanding).toEqual([{ participant: 'shipping', awaiting: "the customer's parcel", waitingOn: 'customer' }]);
    expect(await countOpenReturns(store, new Date(T0 + 24 * 60 * MINUTE), 15 * MINUTE)).toEqual({ open: 1, stuck: 0 });
  });

  it('a failed refund ends FAILED once the compensations are in, and leaves the open index', async () => {
    versions.clear();
    const store = await viewOf([
      requested(), labelled(), received(),
      event('return-refund-r-1', 'return-refund-failed', { customerId: 'c-1', amountCents: 1000, currency: 'USD', code: 'expired-card', reason: 'expired' }, 3),
      event('order-returns-o-1', 'return-failed', { participant: 'payments', code: 'expired-card', reason: 'expired' }, 4),
      event('inventory-return-r-1', 'return-restocked', { lines }, 4),
    ]);
    const before = await readReturnProgress(store, 'r-1');
    expect(before?.outstanding.map((o) => `${o.participant}:${o.awaiting}`)).toEqual(['payments:store credit', 'loyalty:points decision']);
    await returnsView.apply(store, event('return-refund-r-1', 'store-credit-issued', { customerId: 'c-1', creditId: 'credit_r-1', amountCents: 1000, currency: 'USD' }, 5));
    await returnsView.apply(store, event('loyalty-return-r-1', 'return-points-kept', { reason: 'refund failed' }, 6));
    const after = await readReturnProgress(store, 'r-1');
    expect(after?.status).toBe('FAILED');
    expect(after?.settled).toBe(true);
    expect(await countOpenReturns(store, new Date(T0 + 60 * MINUTE), MINUTE)).toEqual({ open: 0, stuck: 0 });
    const failed = await listReturns(store, { status: 'FAILED', now: new Date(T0 + 60 * MINUTE), stuckAfterMs: MINUTE, days: 1, limit: 10 });
    expect(failed.returns.map((r) => r.returnId)).toEqual(['r-1']);
  });
});
