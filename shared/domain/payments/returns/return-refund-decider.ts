import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { CustomerIdSchema, OrderIdSchema, ProviderReferenceSchema } from '../../kernel/identifiers';
import { CentsSchema } from '../../kernel/money';
import { ReturnIdSchema } from '../../kernel/return-id';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import type { IssueStoreCredit, RecordReturnRefundFailure, RefundReturn, ReturnRefundCommand } from './return-refund-commands';
import type { ReturnRefundEvent } from './return-refund-events';
import { initialReturnRefundState, type ReturnRefundState } from './return-refund-state';

const CodeSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a kebab-case code');

/**
 * The refund of one return. Either the money goes back to the card (`return-refunded`), or the
 * refund fails for good (`return-refund-failed`) and payments compensates with store credit
 * (`store-credit-issued`). Idempotent: the same refund id, the same failure, the same credit again.
 */
export const returnRefundDecider: Decider<ReturnRefundCommand, ReturnRefundEvent, ReturnRefundState> = {
  initialState: initialReturnRefundState,
  decide(command, state) {
    switch (command.type) {
      case 'refund-return':
        return refund(command, state);
      case 'record-return-refund-failure':
        return fail(command, state);
      case 'issue-store-credit':
        return credit(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'return-refunded':
        return { status: 'refunded', refund: event.payload };
      case 'return-refund-failed':
        return { status: 'failed', failure: event.payload };
      case 'store-credit-issued':
        return state.status === 'failed' ? { status: 'credited', failure: state.failure, credit: event.payload } : state;
    }
  },
};

function subject(command: RefundReturn | RecordReturnRefundFailure) {
  return {
    returnId: parseValue(ReturnIdSchema, command.returnId, 'returnId'),
    orderId: parseValue(OrderIdSchema, command.orderId, 'orderId'),
    customerId: parseValue(CustomerIdSchema, command.customerId, 'customerId'),
    amountCents: parseValue(CentsSchema, command.amountCents, 'amountCents'),
    currency: 'USD' as const,
  };
}

function refund(command: RefundReturn, state: ReturnRefundState): ReturnRefundEvent[] {
  const payload = { ...subject(command), refundId: parseValue(ProviderReferenceSchema, command.refundId, 'refundId') };
  if (state.status === 'open') return [{ type: 'return-refunded', payload }];
  if (state.status === 'refunded' && state.refund.refundId === payload.refundId) return [];
  throw new DomainRejection('return-refund-settled', `The refund of return ${payload.returnId} is ${state.status} already`, { returnId: payload.returnId, status: state.status });
}

function fail(command: RecordReturnRefundFailure, state: ReturnRefundState): ReturnRefundEvent[] {
  const payload = { ...subject(command), code: parseValue(CodeSchema, command.code, 'code'), reason: parseReason(command.reason) };
  if (state.status === 'open') return [{ type: 'return-refund-failed', payload }];
  if (state.status !== 'refunded') return [];
  throw new DomainRejection('return-refund-settled', `Return ${payload.returnId} was refunded already`, { returnId: payload.returnId, status: state.status });
}

function credit(command: IssueStoreCredit, state: ReturnRefundState): ReturnRefundEvent[] {
  const creditId = parseValue(ProviderReferenceSchema, command.creditId, 'creditId');
  if (state.status === 'credited') {
    if (state.credit.creditId === creditId) return [];
    throw new DomainRejection('store-credit-already-issued', `Return ${state.credit.returnId} has store credit ${state.credit.creditId}`);
  }
  if (state.status !== 'failed') {
    throw new DomainRejection('refund-not-failed', 'Store credit replaces a refund that failed; this one has not failed', { status: state.status });
  }
  const { returnId, orderId, customerId, amountCents, currency } = state.failure;
  return [{ type: 'store-credit-issued', payload: { returnId, orderId, customerId, amountCents, currency, creditId } }];
}
