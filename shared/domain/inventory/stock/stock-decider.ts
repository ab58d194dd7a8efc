import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { OrderId } from '../../kernel/identifiers';
import { Quantity } from '../../kernel/quantity';
import { Sku } from '../../kernel/sku';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import type {
  CommitStockReservation,
  ReceiveStock,
  RecordStockReservationFailure,
  ReleaseStock,
  ReserveStock,
  StockCommand,
} from './stock-commands';
import type { StockEvent } from './stock-events';
import { availableQuantity, initialStockState, type StockState } from './stock-state';

export const MAX_RECEIPT_QUANTITY = 1_000_000;

const ReceiptQuantitySchema = z.number().int().min(1).max(MAX_RECEIPT_QUANTITY);

/**
 * The Stock aggregate (one per SKU).
 *
 * Idempotent: reserve-stock for an order that already holds (or committed) the same
 * quantity; release-stock for an order with no reservation; commit-stock-reservation
 * once committed. Not idempotent by itself: receive-stock (each receipt adds units) and
 * record-stock-reservation-failure (each records one refused attempt); retries of those
 * rely on the event store's idempotent append.
 */
export const stockDecider: Decider<StockCommand, StockEvent, StockState> = {
  initialState: initialStockState,
  decide(command, state) {
    const sku = Sku.of(command.sku).value;
    if (state.sku !== null && state.sku !== sku) {
      throw new DomainRejection('sku-mismatch', `Command for ${sku} sent to the stock of ${state.sku}`, {
        sku,
        streamSku: state.sku,
      });
    }
    switch (command.type) {
      case 'receive-stock':
        return receive(command, state);
      case 'reserve-stock':
        return reserve(command, state);
      case 'release-stock':
        return release(command, state);
      case 'commit-stock-reservation':
        return commit(command, state);
      case 'record-stock-reservation-failure':
        return recordFailure(command, state);
    }
  },
  evolve(state, event) {
    const sku = event.payload.sku;
    switch (event.type) {
      case 'stock-received':
        return { ...state, sku, onHand: state.onHand + event.payload.quantity };
      case 'stock-reserved':
        return { ...state, sku, reservations: withEntry(state.reservations, event.payload.orderId, event.payload.quantity) };
      case 'stock-released':
        return { ...state, sku, reservations: withoutEntry(state.reservations, event.payload.orderId) };
      case 'stock-reservation-committed':
        return {
          ...state,
          sku,
          onHand: state.onHand - event.payload.quantity,
          reservations: withoutEntry(state.reservations, event.payload.orderId),
          committed: withEntry(state.committed, event.payload.orderId, event.payload.quantity),
        };
      case 'stock-reservation-failed':
        return { ...state, sku };
    }
  },
};

function receive(command: ReceiveStock, state: StockState): StockEvent[] {
  const quantity = parseValue(ReceiptQuantitySchema, command.quantity, 'quantity');
  return [
    {
      type: 'stock-received',
      payload: { sku: command.sku, quantity, availableAfter: availableQuantity(state) + quantity },
    },
  ];
}

function reserve(command: ReserveStock, state: StockState): StockEvent[] {
  const orderId = OrderId.of(command.orderId).value;
  const quantity = Quantity.of(command.quantity).value;
  const held = state.reservations.get(orderId) ?? state.committed.get(orderId);
  if (held !== undefined) {
    if (held === quantity) return [];
    throw new DomainRejection(
      'stock-already-reserved-for-order',
      `Order ${orderId} already holds ${held} of ${command.sku}, not ${quantity}`,
      { sku: command.sku, orderId, reserved: held, requested: quantity },
    );
  }
  const available = availableQuantity(state);
  if (quantity > available) {
    throw new DomainRejection('insufficient-stock', `Only ${available} of ${command.sku} available, ${quantity} requested`, {
      sku: command.sku,
      requested: quantity,
      available,
    });
  }
  return [
    { type: 'stock-reserved', payload: { sku: command.sku, orderId, quantity, availableAfter: available - quantity } },
  ];
}

function release(command: ReleaseStock, state: StockState): StockEvent[] {
  const orderId = OrderId.of(command.orderId).value;
  const reason = parseReason(command.reason);
  if (state.committed.has(orderId)) {
    throw new DomainRejection(
      'stock-reservation-committed',
      `The ${command.sku} reserved for order ${orderId} has already left the warehouse`,
      { sku: command.sku, orderId },
    );
  }
  const quantity = state.reservations.get(orderId);
  if (quantity === undefined) return [];
  return [
    {
      type: 'stock-released',
      payload: { sku: command.sku, orderId, quantity, reason, availableAfter: availableQuantity(state) + quantity },
    },
  ];
}

function commit(command: CommitStockReservation, state: StockState): StockEvent[] {
  const orderId = OrderId.of(command.orderId).value;
  if (state.committed.has(orderId)) return [];
  const quantity = state.reservations.get(orderId);
  if (quantity === undefined) {
    throw new DomainRejection('no-stock-reservation', `Order ${orderId} holds no ${command.sku}`, {
      sku: command.sku,
      orderId,
    });
  }
  return [
    {
      type: 'stock-reservation-committed',
      payload: { sku: command.sku, orderId, quantity, onHandAfter: state.onHand - quantity },
    },
  ];
}

function recordFailure(command: RecordStockReservationFailure, state: StockState): StockEvent[] {
  const orderId = OrderId.of(command.orderId).value;
  const requested = Quantity.of(command.quantity).value;
  const available = availableQuantity(state);
  if (requested <= available) {
    throw new DomainRejection('stock-available', `${requested} of ${command.sku} are available; nothing failed`, {
      sku: command.sku,
      requested,
      available,
    });
  }
  return [{ type: 'stock-reservation-failed', payload: { sku: command.sku, orderId, requested, available } }];
}

function withEntry(map: ReadonlyMap<string, number>, key: string, value: number): ReadonlyMap<string, number> {
  return new Map(map).set(key, value);
}

function withoutEntry(map: ReadonlyMap<string, number>, key: string): ReadonlyMap<string, number> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}
