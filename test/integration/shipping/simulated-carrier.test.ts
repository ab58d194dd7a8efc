import { describe, expect, it } from 'vitest';
import { ProviderRejection, TransientProviderError } from '../../../shared/domain/kernel/provider-errors';
import { seededRandom } from '../../../shared/adapters/simulation';
import type { ScheduleShipmentRequest } from '../../../shared/domain/shipping/carrier';
import { SimulatedCarrier, type SimulatedCarrierOptions } from '../../../shared/adapters/simulated-carrier';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('sim_carrier');
const NOW = new Date('2026-03-15T10:00:00.000Z');
const address = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };

let collections = 0;
/** A carrier of its own (a fresh collection), so that tests do not share idempotency keys. */
const freshCollection = () => `sim_carrier_${++collections}`;

function setup(options: Partial<SimulatedCarrierOptions> = {}) {
  const sleeps: number[] = [];
  const carrier = new SimulatedCarrier({
    db,
    collection: freshCollection(),
    random: seededRandom(11),
    clock: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { carrier, sleeps };
}

/** Two carriers over the same collection: the same provider seen from two worker processes. */
function twoProcesses(seeds: readonly [number, number] = [1, 2]) {
  const collection = freshCollection();
  const { carrier: first } = setup({ random: seededRandom(seeds[0]), collection });
  const { carrier: second } = setup({ random: seededRandom(seeds[1]), collection });
  return { first, second };
}

const scheduleRequest = (overrides: Partial<ScheduleShipmentRequest> = {}): ScheduleShipmentRequest => ({
  idempotencyKey: 'schedule-ord-1',
  orderId: 'ord-1',
  address,
  items: [{ sku: 'MUG', quantity: 1 }],
  ...overrides,
});

async function rejectionOf(promise: Promise<unknown>): Promise<ProviderRejection> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderRejection);
  return err as ProviderRejection;
}

describe('SimulatedCarrier: schedule', () => {
  it('schedules a shipment with a tracking id and a delivery estimate 2-5 days out', async () => {
    const { carrier, sleeps } = setup();
    const shipment = await carrier.scheduleShipment(scheduleRequest());
    expect(shipment.carrier).toBe('sim-parcel');
    expect(shipment.trackingId).toMatch(/^TRK[A-Z2-9]{12}$/);
    expect(shipment.scheduledAt).toBe(NOW.toISOString());
    expect(['2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']).toContain(shipment.estimatedDeliveryDate);
    expect(sleeps[0]).toBeGreaterThanOrEqual(20);
    expect(sleeps[0]).toBeLessThanOrEqual(80);
    expect(await carrier.listShipments()).toEqual([{ trackingId: shipment.trackingId, orderId: 'ord-1', status: 'scheduled' }]);
  });

  it('returns the first result for a repeated idempotency key', async () => {
    const { carrier } = setup();
    const first = await carrier.scheduleShipment(scheduleRequest());
    expect(await carrier.scheduleShipment(scheduleRequest())).toEqual(first);
    expect(await carrier.listShipments()).toHaveLength(1);
  });

  it('refuses a reused idempotency key with a different request', async () => {
    const { carrier } = setup();
    await carrier.scheduleShipment(scheduleRequest());
    const rejection = await rejectionOf(carrier.scheduleShipment(scheduleRequest({ orderId: 'ord-2' })));
    expect(rejection.code).toBe('idempotency-key-reused');
  });

  it.each([
    ['HI', '96813', 'unsupported-state'],
    ['AK', '99501', 'unsupported-state'],
    ['CA', '00000', 'undeliverable-zip'],
  ])('does not serve %s %s', async (state, zip, reason) => {
    const { carrier } = setup();
    const refused = scheduleRequest({ address: { ...address, state, zip } });
    const rejection = await rejectionOf(carrier.scheduleShipment(refused));
    expect(rejection).toMatchObject({ code: 'address-not-serviceable', provider: 'carrier', retryable: false });
    expect(rejection.details).toMatchObject({ reason });
    // The same key replays the same refusal.
    expect(await rejectionOf(carrier.scheduleShipment(refused))).toMatchObject({
      code: 'address-not-serviceable',
      message: rejection.message,
      details: rejection.details,
    });
    expect(await carrier.listShipments()).toHaveLength(0);
  });

  it('has a configurable service area', async () => {
    const { carrier } = setup({ unsupportedStates: [], undeliverableZips: ['94103'] });
    await expect(
      carrier.scheduleShipment(scheduleRequest({ idempotencyKey: 'hi', address: { ...address, state: 'HI', zip: '96813' } })),
    ).resolves.toMatchObject({ carrier: 'sim-parcel' });
    expect((await rejectionOf(carrier.scheduleShipment(scheduleRequest()))).code).toBe('address-not-serviceable');
  });

  it('refuses an invalid address', async () => {
    const { carrier } = setup();
    const rejection = await rejectionOf(carrier.scheduleShipment(scheduleRequest({ address: { ...address, state: 'XX' } })));
    expect(rejection.code).toBe('invalid-address');
  });

  it('fails the first attempts of each key when configured to, then serves it', async () => {
    const { carrier } = setup({ failFirstAttempts: 1 });
    await expect(carrier.scheduleShipment(scheduleRequest())).rejects.toBeInstanceOf(TransientProviderError);
    await expect(carrier.scheduleShipment(scheduleRequest())).resolves.toMatchObject({ carrier: 'sim-parcel' });
  });

  it('never schedules twice when retrying through random outages', async () => {
    const { carrier } = setup({ transientFailureRate: 0.5, random: seededRandom(5) });
    for (let order = 0; order < 30; order++) {
      for (;;) {
        try {
          await carrier.scheduleShipment(scheduleRequest({ idempotencyKey: `s-${order}`, orderId: `ord-${order}` }));
          break;
        } catch (err) {
          expect(err).toBeInstanceOf(TransientProviderError);
        }
      }
    }
    expect(await carrier.listShipments()).toHaveLength(30);
  });

  it('is deterministic for a given seed', async () => {
    const ids = async () => {
      const { carrier } = setup({ random: seededRandom(3) });
      return [
        (await carrier.scheduleShipment(scheduleRequest({ idempotencyKey: 'a' }))).trackingId,
        (await carrier.scheduleShipment(scheduleRequest({ idempotencyKey: 'b' }))).trackingId,
      ];
    };
    expect(await ids()).toEqual(await ids());
  });
});

describe('SimulatedCarrier: cancel and dispatch', () => {
  it('cancels a scheduled shipment, idempotently, and then refuses to dispatch it', async () => {
    const { carrier } = setup();
    const { trackingId } = await carrier.scheduleShipment(scheduleRequest());
    expect(await carrier.cancelShipment({ idempotencyKey: 'c1', trackingId })).toEqual({
      trackingId,
      cancelledAt: NOW.toISOString(),
    });
    await expect(carrier.cancelShipment({ idempotencyKey: 'c2', trackingId })).resolves.toMatchObject({ trackingId });
    expect((await rejectionOf(carrier.dispatchShipment({ idempotencyKey: 'd', trackingId }))).code).toBe('shipment-cancelled');
    expect((await carrier.listShipments())[0]?.status).toBe('cancelled');
  });

  it('dispatches, idempotently, and then refuses to cancel', async () => {
    const { carrier } = setup();
    const { trackingId } = await carrier.scheduleShipment(scheduleRequest());
    const dispatched = await carrier.dispatchShipment({ idempotencyKey: 'd1', trackingId });
    expect(dispatched).toEqual({ trackingId, dispatchedAt: NOW.toISOString() });
    expect(await carrier.dispatchShipment({ idempotencyKey: 'd1', trackingId })).toEqual(dispatched);
    await expect(carrier.dispatchShipment({ idempotencyKey: 'd2', trackingId })).resolves.toMatchObject({ trackingId });
    const rejection = await rejectionOf(carrier.cancelShipment({ idempotencyKey: 'c', trackingId }));
    expect(rejection.code).toBe('shipment-already-dispatched');
    expect((await carrier.listShipments())[0]?.status).toBe('dispatched');
  });

  it('refuses unknown tracking ids', async () => {
    const { carrier } = setup();
    expect((await rejectionOf(carrier.cancelShipment({ idempotencyKey: 'c', trackingId: 'TRKNOPE' }))).code).toBe(
      'shipment-not-found',
    );
    expect((await rejectionOf(carrier.dispatchShipment({ idempotencyKey: 'd', trackingId: 'TRKNOPE' }))).code).toBe(
      'shipment-not-found',
    );
  });
});

describe('SimulatedCarrier: shared by several processes', () => {
  it('dispatches on one instance what another scheduled, and both see the result', async () => {
    const { first, second } = twoProcesses();
    const shipment = await first.scheduleShipment(scheduleRequest());
    const dispatched = await second.dispatchShipment({ idempotencyKey: 'dispatch-ord-1', trackingId: shipment.trackingId });
    expect(await first.dispatchShipment({ idempotencyKey: 'dispatch-ord-1', trackingId: shipment.trackingId })).toEqual(
      dispatched,
    );
    expect(await second.scheduleShipment(scheduleRequest())).toEqual(shipment);
    for (const carrier of [first, second]) {
      expect(await carrier.listShipments()).toEqual([{ trackingId: shipment.trackingId, orderId: 'ord-1', status: 'dispatched' }]);
    }
  });

  it('never hands out one tracking id twice, even from instances seeded alike', async () => {
    const { first, second } = twoProcesses([4, 4]);
    const a = await first.scheduleShipment(scheduleRequest({ idempotencyKey: 'a', orderId: 'ord-a' }));
    const b = await second.scheduleShipment(scheduleRequest({ idempotencyKey: 'b', orderId: 'ord-b' }));
    expect(b.trackingId).not.toBe(a.trackingId);
    expect((await second.listShipments()).map((s) => s.orderId)).toEqual(['ord-a', 'ord-b']);
  });

  it('lets exactly one of racing cancels and dispatches win', async () => {
    const { first, second } = twoProcesses();
    const { trackingId } = await first.scheduleShipment(scheduleRequest());
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? first.cancelShipment({ idempotencyKey: `cancel-${i}`, trackingId })
          : second.dispatchShipment({ idempotencyKey: `dispatch-${i}`, trackingId }),
      ),
    );
    const [stored] = await first.listShipments();
    const status = stored?.status;
    expect(status === 'cancelled' || status === 'dispatched').toBe(true);
    // Calls of the winning kind succeed (repeating a done transition is fine); the others are refused.
    results.forEach((result, i) => {
      const kind = i % 2 === 0 ? 'cancelled' : 'dispatched';
      if (kind === status) expect(result.status).toBe('fulfilled');
      else expect(result).toMatchObject({ status: 'rejected', reason: { provider: 'carrier', retryable: false } });
    });
  });

  it('schedules once when the same key is sent concurrently to two processes', async () => {
    const { first, second } = twoProcesses();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? first : second).scheduleShipment(scheduleRequest())),
    );
    for (const result of results) expect(result).toEqual(results[0]);
    expect(await second.listShipments()).toEqual([{ trackingId: results[0]?.trackingId, orderId: 'ord-1', status: 'scheduled' }]);
  });
});

describe('SimulatedCarrier: what a compensation asks, and a crash between acting and recording', () => {
  it('lists the shipments booked for an order, with where each stands and its address', async () => {
    const { carrier } = setup();
    const kept = await carrier.scheduleShipment(scheduleRequest({ idempotencyKey: 'k1' }));
    const dropped = await carrier.scheduleShipment(scheduleRequest({ idempotencyKey: 'k2' }));
    await carrier.cancelShipment({ idempotencyKey: 'c', trackingId: dropped.trackingId });
    expect(await carrier.findShipments({ orderId: 'ord-1' })).toEqual([
      expect.objectContaining({ trackingId: kept.trackingId, orderId: 'ord-1', status: 'scheduled', address: scheduleRequest().address }),
      expect.objectContaining({ trackingId: dropped.trackingId, status: 'cancelled' }),
    ]);
  });

  it('books once when a call crashed after acting and before recording its answer, and is retried', async () => {
    const collection = `sim_carrier_crash_${Date.now()}`;
    const { carrier } = setup({ collection });
    const first = await carrier.scheduleShipment(scheduleRequest({ idempotencyKey: 'crashy' }));
    await db.collection(collection).deleteOne({ _id: 'schedule:crashy' as never });
    expect(await carrier.scheduleShipment(scheduleRequest({ idempotencyKey: 'crashy' }))).toEqual(first);
    expect(await carrier.listShipments()).toHaveLength(1);
  });
});
