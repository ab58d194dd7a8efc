import { describe, expect, it } from 'vitest';
import { ProviderRejection, TransientProviderError } from '../../../shared/kernel/provider-errors';
import { seededRandom } from '../../../shared/kernel/simulation';
import type { ScheduleShipmentRequest } from '../../../shared/shipping/carrier';
import { SimulatedCarrier, type SimulatedCarrierOptions } from '../../../shared/shipping/simulated-carrier';

const NOW = new Date('2026-03-15T10:00:00.000Z');
const address = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };

function setup(options: SimulatedCarrierOptions = {}) {
  const sleeps: number[] = [];
  const carrier = new SimulatedCarrier({
    random: seededRandom(11),
    clock: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { carrier, sleeps };
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
    expect(carrier.listShipments()).toEqual([{ trackingId: shipment.trackingId, orderId: 'ord-1', status: 'scheduled' }]);
  });

  it('returns the first result for a repeated idempotency key', async () => {
    const { carrier } = setup();
    const first = await carrier.scheduleShipment(scheduleRequest());
    expect(await carrier.scheduleShipment(scheduleRequest())).toEqual(first);
    expect(carrier.listShipments()).toHaveLength(1);
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
    const rejection = await rejectionOf(carrier.scheduleShipment(scheduleRequest({ address: { ...address, state, zip } })));
    expect(rejection).toMatchObject({ code: 'address-not-serviceable', provider: 'carrier', retryable: false });
    expect(rejection.details).toMatchObject({ reason });
    expect(carrier.listShipments()).toHaveLength(0);
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
    expect(carrier.listShipments()).toHaveLength(30);
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
  });

  it('dispatches, idempotently, and then refuses to cancel', async () => {
    const { carrier } = setup();
    const { trackingId } = await carrier.scheduleShipment(scheduleRequest());
    const dispatched = await carrier.dispatchShipment({ idempotencyKey: 'd1', trackingId });
    expect(dispatched).toEqual({ trackingId, dispatchedAt: NOW.toISOString() });
    expect(await carrier.dispatchShipment({ idempotencyKey: 'd1', trackingId })).toEqual(dispatched);
    const rejection = await rejectionOf(carrier.cancelShipment({ idempotencyKey: 'c', trackingId }));
    expect(rejection.code).toBe('shipment-already-dispatched');
    expect(carrier.listShipments()[0]?.status).toBe('dispatched');
  });

  it('refuses unknown tracking ids', async () => {
    const { carrier } = setup();
    expect((await rejectionOf(carrier.cancelShipment({ idempotencyKey: 'c', trackingId: 'TRKNOPE' }))).code).toBe(
      'shipment-not-found',
    );
  });
});
