import { z } from 'zod';
import type { Decider } from '../../../platform/event-store/decider';
import { DomainRejection } from '../../kernel/domain-rejection';
import { Money } from '../../kernel/money';
import { ProviderReferenceSchema } from '../../kernel/identifiers';
import { ReturnIdSchema, ReturnLinesSchema } from '../../kernel/return-id';
import { parseReason } from '../../kernel/text';
import { parseValue } from '../../kernel/validation-error';
import type { OrderReturnsCommand, RecordReturnRefund, RecordReturnRefundFailure, RecordReturnStock, RequestReturn } from './order-returns-commands';
import type { OrderReturnsEvent, ReturnedLine, ReturnRequestedPayload } from './order-returns-events';
import { initialOrderReturnsState, returnedQuantity, type OrderReturnsState, type ReturnRecord } from './order-returns-state';
import { ReturnReasonSchema } from './return-reason';

const InstantSchema = z.iso.datetime({ offset: true });
const CodeSchema = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a kebab-case code');

/**
 * The returns of one order (ordering's side of the returns choreography). Ordering accepts or
 * refuses a return, then only listens: it records the refund and what became of the goods as
 * payments and inventory report them, and closes the return when it has seen both (`return-completed`)
 * or when payments failed for good (`return-failed`).
 *
 * Idempotent: the same request again (same return id, lines, reason, note); a report already recorded;
 * any report about a closed return (a late participant changes nothing ordering decided).
 */
export const orderReturnsDecider: Decider<OrderReturnsCommand, OrderReturnsEvent, OrderReturnsState> = {
  initialState: initialOrderReturnsState,
  decide(command, state) {
    switch (command.type) {
      case 'request-return':
        return requestReturn(command, state);
      case 'record-return-refund':
        return recordRefund(command, state);
      case 'record-return-refund-failure':
        return recordRefundFailure(command, state);
      case 'record-return-stock':
        return recordStock(command, state);
    }
  },
  evolve(state, event) {
    const { returnId } = event.payload;
    const current = state.returns.get(returnId);
    let next: ReturnRecord | undefined;
    switch (event.type) {
      case 'return-requested':
        next = { request: event.payload, status: 'requested' };
        break;
      case 'return-refund-recorded':
        next = current && { ...current, refund: { refundId: event.payload.refundId, amountCents: event.payload.amountCents } };
        break;
      case 'return-stock-recorded':
        next = current && { ...current, disposition: event.payload.disposition };
        break;
      case 'return-completed':
        next = current && { ...current, status: 'completed' };
        break;
      case 'return-failed':
        next = current && { ...current, status: 'failed' };
        break;
    }
    if (!next) return state;
    return { returns: new Map(state.returns).set(returnId, next) };
  },
};

function requestReturn(command: RequestReturn, state: OrderReturnsState): OrderReturnsEvent[] {
  const returnId = parseValue(ReturnIdSchema, command.returnId, 'returnId');
  const lines = parseValue(ReturnLinesSchema, command.lines, 'lines');
  const reason = parseValue(ReturnReasonSchema, command.reason, 'reason');
  const note = command.note === undefined ? undefined : parseReason(command.note, 'note');
  const requestedAt = parseValue(InstantSchema, command.requestedAt, 'requestedAt');
  const { order } = command;

  const earlier = state.returns.get(returnId);
  if (earlier) {
    const same = JSON.stringify(earlier.request.lines.map((l) => [l.sku, l.quantity])) === JSON.stringify(lines.map((l) => [l.sku, l.quantity]))
      && earlier.request.reason === reason && earlier.request.note === note;
    if (same) return [];
    throw new DomainRejection('return-already-requested', `Return ${returnId} was already requested with other lines or another reason`, { returnId });
  }
  if (order.dispatchedAt === null) {
    throw new DomainRejection('order-not-dispatched', `Order ${order.orderId} has not been dispatched: cancel it instead`, { orderId: order.orderId });
  }
  const windowEnds = new Date(Date.parse(order.dispatchedAt) + command.returnWindowMs);
  if (Date.parse(requestedAt) > windowEnds.getTime()) {
    throw new DomainRejection('return-window-closed', `The return window of order ${order.orderId} closed at ${windowEnds.toISOString()}`, {
      orderId: order.orderId,
      dispatchedAt: order.dispatchedAt,
      windowClosedAt: windowEnds.toISOString(),
    });
  }
  const returned: ReturnedLine[] = lines.map((line) => {
    const shipped = order.lines.find((l) => l.sku === line.sku);
    const already = returnedQuantity(state, line.sku);
    if (!shipped || line.quantity > shipped.quantity - already) {
      throw new DomainRejection(
        'return-exceeds-shipped',
        `Order ${order.orderId} shipped ${shipped?.quantity ?? 0} of ${line.sku}, ${already} already asked back: ${line.quantity} more cannot be returned`,
        { orderId: order.orderId, sku: line.sku, shipped: shipped?.quantity ?? 0, alreadyReturned: already, requested: line.quantity },
      );
    }
    return { sku: line.sku, quantity: line.quantity, unitPriceCents: shipped.unitPriceCents, refundCents: Money.ofCents(shipped.unitPriceCents).multiply(line.quantity).amountCents };
  });
  const refund = Money.sum(returned.map((l) => Money.ofCents(l.refundCents)));
  const payload: ReturnRequestedPayload = {
    returnId,
    orderId: order.orderId,
    customerId: order.customerId,
    lines: returned,
    refundCents: refund.amountCents,
    currency: refund.currency,
    reason,
    ...(note === undefined ? {} : { note }),
    dispatchedAt: order.dispatchedAt,
    orderUnits: order.lines.reduce((n, l) => n + l.quantity, 0),
  };
  return [{ type: 'return-requested', payload }];
}

function recordRefund(command: RecordReturnRefund, state: OrderReturnsState): OrderReturnsEvent[] {
  const record = known(state, command.returnId);
  const refundId = parseValue(ProviderReferenceSchema, command.refundId, 'refundId');
  if (record.status !== 'requested' || record.refund) return [];
  const { orderId, returnId } = record.request;
  const recorded: OrderReturnsEvent = { type: 'return-refund-recorded', payload: { returnId, orderId, refundId, amountCents: command.amountCents } };
  return [recorded, ...completion({ ...record, refund: { refundId, amountCents: command.amountCents } }, state)];
}

function recordRefundFailure(command: RecordReturnRefundFailure, state: OrderReturnsState): OrderReturnsEvent[] {
  const record = known(state, command.returnId);
  const code = parseValue(CodeSchema, command.code, 'code');
  const reason = parseReason(command.reason);
  if (record.status !== 'requested') return [];
  if (record.refund) {
    throw new DomainRejection('return-already-refunded', `Return ${record.request.returnId} was refunded already`, { returnId: record.request.returnId });
  }
  const { orderId, returnId } = record.request;
  return [{ type: 'return-failed', payload: { returnId, orderId, participant: 'payments', code, reason } }];
}

function recordStock(command: RecordReturnStock, state: OrderReturnsState): OrderReturnsEvent[] {
  const record = known(state, command.returnId);
  if (record.status !== 'requested' || record.disposition) return [];
  const { orderId, returnId } = record.request;
  const recorded: OrderReturnsEvent = { type: 'return-stock-recorded', payload: { returnId, orderId, disposition: command.disposition } };
  return [recorded, ...completion({ ...record, disposition: command.disposition }, state)];
}

/** `return-completed` once the refund and the goods are both accounted for. */
function completion(record: ReturnRecord, state: OrderReturnsState): OrderReturnsEvent[] {
  if (!record.refund || !record.disposition) return [];
  const { returnId, orderId, currency, orderUnits } = record.request;
  let unitsBack = record.request.lines.reduce((n, l) => n + l.quantity, 0);
  for (const r of state.returns.values()) {
    if (r.status === 'completed' && r.request.returnId !== returnId) unitsBack += r.request.lines.reduce((n, l) => n + l.quantity, 0);
  }
  return [{
    type: 'return-completed',
    payload: { returnId, orderId, refundedCents: record.refund.amountCents, currency, disposition: record.disposition, orderFullyReturned: unitsBack >= orderUnits },
  }];
}

function known(state: OrderReturnsState, returnId: string): ReturnRecord {
  const record = state.returns.get(returnId);
  if (!record) throw new DomainRejection('unknown-return', `No return ${returnId} was requested for this order`, { returnId });
  return record;
}
