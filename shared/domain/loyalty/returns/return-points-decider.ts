import type { Decider, DomainEvent } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { CustomerIdSchema, OrderIdSchema } from '../../kernel/identifiers';
import { ReturnIdSchema } from '../../kernel/return-id';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';

/** Loyalty took back the points of a refunded return (the deduction itself is on the customer's account). */
export interface RecordReturnPointsRevoked {
  readonly type: 'record-return-points-revoked';
  readonly returnId: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly points: number;
}

/** Loyalty decided to leave the points alone, and why. */
export interface RecordReturnPointsKept {
  readonly type: 'record-return-points-kept';
  readonly returnId: string;
  readonly orderId: string;
  readonly reason: string;
}

export type ReturnPointsCommand = RecordReturnPointsRevoked | RecordReturnPointsKept;

export type ReturnPointsRevoked = DomainEvent<'return-points-revoked', { readonly returnId: string; readonly orderId: string; readonly customerId: string; readonly points: number }>;
export type ReturnPointsKept = DomainEvent<'return-points-kept', { readonly returnId: string; readonly orderId: string; readonly reason: string }>;
export type ReturnPointsEvent = ReturnPointsRevoked | ReturnPointsKept;

export const RETURN_POINTS_EVENT_TYPES = ['return-points-revoked', 'return-points-kept'] as const satisfies readonly ReturnPointsEvent['type'][];

export type ReturnPointsState = { readonly decided: ReturnPointsEvent['type'] | null };

/** Loyalty's decision about the points of one return, taken once (the same decision again is a no-op). */
export const returnPointsDecider: Decider<ReturnPointsCommand, ReturnPointsEvent, ReturnPointsState> = {
  initialState: { decided: null },
  decide(command, state) {
    const returnId = parseValue(ReturnIdSchema, command.returnId, 'returnId');
    const orderId = parseValue(OrderIdSchema, command.orderId, 'orderId');
    const event: ReturnPointsEvent = command.type === 'record-return-points-revoked'
      ? { type: 'return-points-revoked', payload: { returnId, orderId, customerId: parseValue(CustomerIdSchema, command.customerId, 'customerId'), points: command.points } }
      : { type: 'return-points-kept', payload: { returnId, orderId, reason: parseReason(command.reason) } };
    if (state.decided === null) return [event];
    if (state.decided === event.type) return [];
    throw new DomainRejection('return-points-already-decided', `Loyalty decided about return ${returnId} already (${state.decided})`, { returnId });
  },
  evolve: (_state, event) => ({ decided: event.type }),
};
