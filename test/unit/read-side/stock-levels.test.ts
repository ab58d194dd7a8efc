import { describe, expect, it } from 'vitest';
import { readStockLevel, stockLevelsView } from '../../../shared/domain/inventory/views/stock-levels';
import { ProjectionOrderError } from '../../../shared/platform/projections/projection-view';
import { at, ev, given } from './view-fixtures';

const s = 'stock-TEE-M';
const received = (v: number, quantity: number) => ev(s, v, 'stock-received', { sku: 'TEE-M', quantity, availableAfter: 0 });
const reserved = (v: number, orderId: string, quantity: number) => ev(s, v, 'stock-reserved', { sku: 'TEE-M', orderId, quantity, availableAfter: 0 });

const level = (onHand: number, reserved: number, failedReservations = 0) => ({ sku: 'TEE-M', onHand, reserved, available: onHand - reserved, failedReservations });

describe('stock levels view', () => {
  it('counts received units as on hand and available', async () => {
    await given(stockLevelsView).when(received(1, 10), received(2, 5)).thenRead(
      (r) => readStockLevel(r, 'TEE-M'),
      { _id: 'TEE-M', streamId: s, version: 2, updatedAt: at(2), state: level(15, 0), rev: 2 },
    );
  });

  it('moves reserved units out of available; a release brings them back', async () => {
    const store = await given(stockLevelsView, [received(1, 10), reserved(2, 'o1', 3), reserved(3, 'o2', 4)])
      .when(ev(s, 4, 'stock-released', { sku: 'TEE-M', orderId: 'o1', quantity: 3, reason: 'cancelled', availableAfter: 6 })).applied();
    expect((await readStockLevel(store, 'TEE-M'))?.state).toEqual(level(10, 4));
  });

  it('a committed reservation leaves the warehouse: on hand and reserved both drop', async () => {
    const store = await given(stockLevelsView, [received(1, 10), reserved(2, 'o1', 3)])
      .when(ev(s, 3, 'stock-reservation-committed', { sku: 'TEE-M', orderId: 'o1', quantity: 3, onHandAfter: 7 })).applied();
    expect((await readStockLevel(store, 'TEE-M'))?.state).toEqual(level(7, 0));
  });

  it('counts refused reservations without touching the units', async () => {
    const store = await given(stockLevelsView, [received(1, 1)])
      .when(ev(s, 2, 'stock-reservation-failed', { sku: 'TEE-M', orderId: 'o9', requested: 5, available: 1 })).applied();
    expect((await readStockLevel(store, 'TEE-M'))?.state).toEqual(level(1, 0, 1));
  });

  it('refuses a gap in its stream: an event that never reached the view would be silently missing', async () => {
    const store = await given(stockLevelsView, [received(1, 10)]).when().applied();
    await expect(stockLevelsView.apply(store, reserved(3, 'o1', 3))).rejects.toBeInstanceOf(ProjectionOrderError);
    expect((await readStockLevel(store, 'TEE-M'))?.version).toBe(1);
  });

  it('ignores an event at or below the version it holds (redelivery, or an old event arriving late)', async () => {
    const store = await given(stockLevelsView, [received(1, 10), reserved(2, 'o1', 3)]).when(received(1, 10), reserved(2, 'o1', 3)).applied();
    expect(await readStockLevel(store, 'TEE-M')).toMatchObject({ version: 2, state: level(10, 3), rev: 2 });
  });
});
