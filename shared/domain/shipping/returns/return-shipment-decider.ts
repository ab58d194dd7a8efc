import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { OrderIdSchema, ProviderReferenceSchema } from '../../kernel/identifiers';
import { ReturnIdSchema, ReturnLinesSchema } from '../../kernel/return-id';
import { parseValue } from '../../kernel/validation-error';
import { ParcelConditionSchema } from './parcel-condition';
import type { IssueReturnLabel, ReceiveReturnParcel, ReturnShipmentCommand } from './return-shipment-commands';
import type { ReturnShipmentEvent } from './return-shipment-events';
import { initialReturnShipmentState, type ReturnShipmentState } from './return-shipment-state';

const InstantSchema = z.iso.datetime({ offset: true });
const CarrierNameSchema = z.string().trim().min(1).max(60);
const StatedReasonSchema = z.string().regex(/^[a-z][a-z-]{0,39}$/, 'must be a kebab-case reason');

/**
 * The parcel of one return (shipping's side of the returns choreography): a label, then its
 * arrival. Idempotent: the same label again (same tracking id); the arrival once recorded, in the
 * same condition. A different label, or an arrival in another condition, is refused.
 */
export const returnShipmentDecider: Decider<ReturnShipmentCommand, ReturnShipmentEvent, ReturnShipmentState> = {
  initialState: initialReturnShipmentState,
  decide(command, state) {
    return command.type === 'issue-return-label' ? issueLabel(command, state) : receiveParcel(command, state);
  },
  evolve(state, event) {
    if (event.type === 'return-label-issued') return { status: 'label-issued', label: event.payload };
    return state.status === 'no-label' ? state : { status: 'received', label: state.label, receipt: event.payload };
  },
};

function issueLabel(command: IssueReturnLabel, state: ReturnShipmentState): ReturnShipmentEvent[] {
  const payload = {
    returnId: parseValue(ReturnIdSchema, command.returnId, 'returnId'),
    orderId: parseValue(OrderIdSchema, command.orderId, 'orderId'),
    lines: parseValue(ReturnLinesSchema, command.lines, 'lines'),
    statedReason: parseValue(StatedReasonSchema, command.statedReason, 'statedReason'),
    carrier: parseValue(CarrierNameSchema, command.carrier, 'carrier'),
    trackingId: parseValue(ProviderReferenceSchema, command.trackingId, 'trackingId'),
    expectedBy: parseValue(InstantSchema, command.expectedBy, 'expectedBy'),
  };
  if (state.status === 'no-label') return [{ type: 'return-label-issued', payload }];
  if (state.label.trackingId === payload.trackingId) return [];
  throw new DomainRejection('return-label-already-issued', `Return ${payload.returnId} already has label ${state.label.trackingId}`, {
    returnId: payload.returnId,
    trackingId: state.label.trackingId,
  });
}

function receiveParcel(command: ReceiveReturnParcel, state: ReturnShipmentState): ReturnShipmentEvent[] {
  const receivedAt = parseValue(InstantSchema, command.receivedAt, 'receivedAt');
  const condition = parseValue(ParcelConditionSchema, command.condition, 'condition');
  if (state.status === 'no-label') throw new DomainRejection('return-label-not-issued', 'No return label was issued: no parcel can be on its way');
  if (state.status === 'received') {
    if (state.receipt.condition === condition) return [];
    throw new DomainRejection('return-parcel-already-received', `The parcel of return ${state.label.returnId} was received ${state.receipt.condition}`, {
      returnId: state.label.returnId,
      condition: state.receipt.condition,
    });
  }
  const { returnId, orderId, lines, trackingId } = state.label;
  return [{ type: 'return-parcel-received', payload: { returnId, orderId, lines, trackingId, condition, receivedAt, scannedBy: command.scannedBy } }];
}
