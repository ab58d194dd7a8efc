import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { OrderIdSchema } from '../../kernel/identifiers';
import { ReturnIdSchema, ReturnLinesSchema } from '../../kernel/return-id';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import type { ReturnedStockCommand } from './returned-stock-commands';
import type { ReturnedStockEvent } from './returned-stock-events';

export type ReturnedStockState = { readonly handled: null } | { readonly handled: ReturnedStockEvent['type'] };

/**
 * What inventory did with the goods of one return: restocked or written off, once. The same
 * decision again is a no-op; the other one after it is refused.
 */
export const returnedStockDecider: Decider<ReturnedStockCommand, ReturnedStockEvent, ReturnedStockState> = {
  initialState: { handled: null },
  decide(command, state) {
    const returnId = parseValue(ReturnIdSchema, command.returnId, 'returnId');
    const orderId = parseValue(OrderIdSchema, command.orderId, 'orderId');
    const lines = parseValue(ReturnLinesSchema, command.lines, 'lines');
    const event: ReturnedStockEvent = command.type === 'restock-return'
      ? { type: 'return-restocked', payload: { returnId, orderId, lines } }
      : { type: 'return-written-off', payload: { returnId, orderId, lines, reason: parseReason(command.reason) } };
    if (state.handled === null) return [event];
    if (state.handled === event.type) return [];
    throw new DomainRejection('returned-stock-already-handled', `The goods of return ${returnId} were handled already (${state.handled})`, { returnId });
  },
  evolve: (_state, event) => ({ handled: event.type }),
};
