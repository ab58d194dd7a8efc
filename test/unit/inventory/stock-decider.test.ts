import { describe, expect, it } from 'vitest';
import { stockDecider } from '../../../shared/domain/inventory/stock/stock-decider';
import type { StockEvent } from '../../../shared/domain/inventory/stock/stock-events';
import { availableQuantity, reservedQuantity } from '../../../shared/domain/inventory/stock/stock-state';
import { stockStreamId } from '../../../shared/domain/inventory/stock/stock-stream';
import { given } from '../../support/given-when-then';

const received: StockEvent = { type: 'stock-received', payload: { sku: 'MUG', quantity: 10, availableAfter: 10 } };
const reservedFor1: StockEvent = {
  type: 'stock-reserved',
  payload: { sku: 'MUG', orderId: 'ord-1', quantity: 3, availableAfter: 7 },
};
const committedFor1: StockEvent = {
  type: 'stock-reservation-committed',
  payload: { sku: 'MUG', orderId: 'ord-1', quantity: 3, onHandAfter: 7 },
};

describe('Stock: receive-stock', () => {
  it('adds units', () => {
    const state = given(stockDecider)
      .when({ type: 'receive-stock', sku: 'MUG', quantity: 10 })
      .then([received]);
    expect(availableQuantity(state)).toBe(10);
  });

  it('reports availability net of reservations', () => {
    given(stockDecider, [received, reservedFor1])
      .when({ type: 'receive-stock', sku: 'MUG', quantity: 5 })
      .then([{ type: 'stock-received', payload: { sku: 'MUG', quantity: 5, availableAfter: 12 } }]);
  });

  it.each([0, -1, 2.5, 1_000_001])('refuses a receipt of %s units', (quantity) => {
    given(stockDecider).when({ type: 'receive-stock', sku: 'MUG', quantity }).thenRejected('invalid-value', { field: 'quantity' });
  });

  it('refuses a command for another SKU', () => {
    given(stockDecider, [received])
      .when({ type: 'receive-stock', sku: 'PLATE', quantity: 1 })
      .thenRejected('sku-mismatch', { sku: 'PLATE', streamSku: 'MUG' });
  });

  it('refuses an invalid SKU', () => {
    given(stockDecider).when({ type: 'receive-stock', sku: 'mug', quantity: 1 }).thenRejected('invalid-value', { field: 'sku' });
  });
});

describe('Stock: reserve-stock', () => {
  it('reserves available units for an order', () => {
    const state = given(stockDecider, [received])
      .when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-1', quantity: 3 })
      .then([reservedFor1]);
    expect(reservedQuantity(state)).toBe(3);
    expect(availableQuantity(state)).toBe(7);
    expect(state.onHand).toBe(10);
  });

  it('can reserve exactly what is available', () => {
    given(stockDecider, [received, reservedFor1])
      .when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-2', quantity: 7 })
      .then([{ type: 'stock-reserved', payload: { sku: 'MUG', orderId: 'ord-2', quantity: 7, availableAfter: 0 } }]);
  });

  it('refuses more than is available, saying how much is', () => {
    given(stockDecider, [received, reservedFor1])
      .when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-2', quantity: 8 })
      .thenRejected('insufficient-stock', { sku: 'MUG', requested: 8, available: 7 });
  });

  it('refuses on a SKU never received', () => {
    given(stockDecider)
      .when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-1', quantity: 1 })
      .thenRejected('insufficient-stock', { sku: 'MUG', requested: 1, available: 0 });
  });

  it('is idempotent per order', () => {
    given(stockDecider, [received, reservedFor1]).when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-1', quantity: 3 }).then([]);
  });

  it('stays idempotent after the reservation was committed', () => {
    given(stockDecider, [received, reservedFor1, committedFor1])
      .when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-1', quantity: 3 })
      .then([]);
  });

  it('refuses a different quantity for an order that already holds stock', () => {
    given(stockDecider, [received, reservedFor1])
      .when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-1', quantity: 4 })
      .thenRejected('stock-already-reserved-for-order', { reserved: 3, requested: 4 });
  });

  it('can reserve again for an order after its reservation was released', () => {
    const released: StockEvent = {
      type: 'stock-released',
      payload: { sku: 'MUG', orderId: 'ord-1', quantity: 3, reason: 'retry', availableAfter: 10 },
    };
    given(stockDecider, [received, reservedFor1, released])
      .when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-1', quantity: 3 })
      .then([reservedFor1]);
  });

  it('treats an order id like "__proto__" as an ordinary key', () => {
    given(stockDecider, [received])
      .when({ type: 'release-stock', sku: 'MUG', orderId: '__proto__', reason: 'compensation' })
      .then([]);
  });

  it('refuses quantities outside 1..1000', () => {
    given(stockDecider, [received])
      .when({ type: 'reserve-stock', sku: 'MUG', orderId: 'ord-1', quantity: 0 })
      .thenRejected('invalid-value', { field: 'quantity' });
  });
});

describe('Stock: release-stock', () => {
  it('releases the units reserved for the order', () => {
    const state = given(stockDecider, [received, reservedFor1])
      .when({ type: 'release-stock', sku: 'MUG', orderId: 'ord-1', reason: 'payment declined' })
      .then([
        {
          type: 'stock-released',
          payload: { sku: 'MUG', orderId: 'ord-1', quantity: 3, reason: 'payment declined', availableAfter: 10 },
        },
      ]);
    expect(availableQuantity(state)).toBe(10);
    expect(state.reservations.has('ord-1')).toBe(false);
  });

  it('does nothing when the order holds nothing (idempotent compensation)', () => {
    given(stockDecider, [received]).when({ type: 'release-stock', sku: 'MUG', orderId: 'ord-1', reason: 'x' }).then([]);
  });

  it('does nothing when released twice', () => {
    const released: StockEvent = {
      type: 'stock-released',
      payload: { sku: 'MUG', orderId: 'ord-1', quantity: 3, reason: 'x', availableAfter: 10 },
    };
    given(stockDecider, [received, reservedFor1, released])
      .when({ type: 'release-stock', sku: 'MUG', orderId: 'ord-1', reason: 'x' })
      .then([]);
  });

  it('refuses to release units that left with a shipment', () => {
    given(stockDecider, [received, reservedFor1, committedFor1])
      .when({ type: 'release-stock', sku: 'MUG', orderId: 'ord-1', reason: 'x' })
      .thenRejected('stock-reservation-committed');
  });
});

describe('Stock: commit-stock-reservation', () => {
  it('takes the reserved units off the shelf', () => {
    const state = given(stockDecider, [received, reservedFor1])
      .when({ type: 'commit-stock-reservation', sku: 'MUG', orderId: 'ord-1' })
      .then([committedFor1]);
    expect(state.onHand).toBe(7);
    expect(availableQuantity(state)).toBe(7);
    expect(reservedQuantity(state)).toBe(0);
  });

  it('is idempotent', () => {
    given(stockDecider, [received, reservedFor1, committedFor1])
      .when({ type: 'commit-stock-reservation', sku: 'MUG', orderId: 'ord-1' })
      .then([]);
  });

  it('refuses when the order holds nothing', () => {
    given(stockDecider, [received])
      .when({ type: 'commit-stock-reservation', sku: 'MUG', orderId: 'ord-1' })
      .thenRejected('no-stock-reservation');
  });
});

describe('Stock: record-stock-reservation-failure', () => {
  it('records a refused reservation', () => {
    given(stockDecider, [received, reservedFor1])
      .when({ type: 'record-stock-reservation-failure', sku: 'MUG', orderId: 'ord-2', quantity: 9 })
      .then([{ type: 'stock-reservation-failed', payload: { sku: 'MUG', orderId: 'ord-2', requested: 9, available: 7 } }]);
  });

  it('refuses to record a failure when the stock suffices', () => {
    given(stockDecider, [received])
      .when({ type: 'record-stock-reservation-failure', sku: 'MUG', orderId: 'ord-2', quantity: 9 })
      .thenRejected('stock-available');
  });
});

it('names its stream after the SKU', () => {
  expect(stockStreamId('MUG')).toBe('stock-MUG');
});
