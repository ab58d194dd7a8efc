import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { OrderId, ProviderReferenceSchema } from '../../kernel/identifiers';
import { ShippingAddress } from '../../kernel/shipping-address';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import type { CancelShipment, DispatchShipment, ScheduleShipment, ShipmentCommand } from './shipment-commands';
import type { ShipmentEvent, ShipmentScheduledPayload } from './shipment-events';
import { initialShipmentState, type ShipmentState } from './shipment-state';

const CarrierNameSchema = z.string().trim().min(1, 'must not be blank').max(60);
const DateSchema = z.iso.date();
const DateTimeSchema = z.iso.datetime({ offset: true });

type ScheduledState = Exclude<ShipmentState, { status: 'not-scheduled' }>;

/**
 * The Shipment aggregate (one per order).
 *
 * Idempotent repeats (no events): schedule-shipment with the recorded trackingId;
 * cancel-shipment once cancelled, or before anything was scheduled (nothing to undo);
 * dispatch-shipment once dispatched. cancel-shipment after dispatch is refused with
 * 'shipment-already-dispatched'.
 */
export const shipmentDecider: Decider<ShipmentCommand, ShipmentEvent, ShipmentState> = {
  initialState: initialShipmentState,
  decide(command, state) {
    switch (command.type) {
      case 'schedule-shipment':
        return schedule(command, state);
      case 'cancel-shipment':
        return cancel(command, state);
      case 'dispatch-shipment':
        return dispatch(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'shipment-scheduled':
        return { status: 'scheduled', shipment: event.payload };
      case 'shipment-cancelled':
        return state.status === 'not-scheduled' ? state : { ...state, status: 'cancelled' };
      case 'shipment-dispatched':
        return state.status === 'not-scheduled' ? state : { ...state, status: 'dispatched' };
    }
  },
};

function schedule(command: ScheduleShipment, state: ShipmentState): ShipmentEvent[] {
  const payload: ShipmentScheduledPayload = {
    orderId: OrderId.of(command.orderId).value,
    address: ShippingAddress.of(command.address).toJSON(),
    carrier: parseValue(CarrierNameSchema, command.carrier, 'carrier'),
    trackingId: parseValue(ProviderReferenceSchema, command.trackingId, 'trackingId'),
    estimatedDeliveryDate: parseValue(DateSchema, command.estimatedDeliveryDate, 'estimatedDeliveryDate'),
  };
  if (state.status === 'not-scheduled') return [{ type: 'shipment-scheduled', payload }];
  if (state.status === 'cancelled') throw cancelled(state);
  if (state.shipment.trackingId === payload.trackingId) return [];
  throw new DomainRejection('shipment-already-scheduled', `Order ${state.shipment.orderId} already has a shipment`, {
    orderId: state.shipment.orderId,
    trackingId: state.shipment.trackingId,
  });
}

function cancel(command: CancelShipment, state: ShipmentState): ShipmentEvent[] {
  const reason = parseReason(command.reason);
  if (state.status === 'not-scheduled' || state.status === 'cancelled') return [];
  const { orderId, carrier, trackingId } = state.shipment;
  if (state.status === 'dispatched') {
    throw new DomainRejection('shipment-already-dispatched', `The shipment of order ${orderId} has left`, {
      orderId,
      trackingId,
    });
  }
  return [{ type: 'shipment-cancelled', payload: { orderId, carrier, trackingId, reason } }];
}

function dispatch(command: DispatchShipment, state: ShipmentState): ShipmentEvent[] {
  const dispatchedAt = parseValue(DateTimeSchema, command.dispatchedAt, 'dispatchedAt');
  if (state.status === 'not-scheduled') {
    throw new DomainRejection('shipment-not-scheduled', 'There is no shipment to dispatch');
  }
  if (state.status === 'cancelled') throw cancelled(state);
  if (state.status === 'dispatched') return [];
  const { orderId, carrier, trackingId } = state.shipment;
  return [{ type: 'shipment-dispatched', payload: { orderId, carrier, trackingId, dispatchedAt } }];
}

function cancelled(state: ScheduledState): DomainRejection {
  return new DomainRejection('shipment-cancelled', `The shipment of order ${state.shipment.orderId} was cancelled`, {
    orderId: state.shipment.orderId,
    trackingId: state.shipment.trackingId,
  });
}
