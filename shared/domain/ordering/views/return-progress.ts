import type { z } from 'zod';
import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import { MessageConsumer } from '../../../platform/messaging/message-consumer';
import type { StreamDocument } from '../../../platform/projections/stream-document';
import { returnRestockedV1, returnWrittenOffV1, type ReturnRestockedV1, type ReturnWrittenOffV1 } from '../../inventory/messages/returned-stock';
import { returnPointsKeptV1, returnPointsRevokedV1, type ReturnPointsKeptV1, type ReturnPointsRevokedV1 } from '../../loyalty/messages/return-points';
import {
  returnRefundedV1, returnRefundFailedV1, storeCreditIssuedV1,
  type ReturnRefundedV1, type ReturnRefundFailedV1, type StoreCreditIssuedV1,
} from '../../payments/messages/return-refund';
import { returnLabelIssuedV1, returnParcelReceivedV1, type ReturnLabelIssuedV1, type ReturnParcelReceivedV1 } from '../../shipping/messages/return-parcel';
import { ORDER_RETURNS_EVENT_TYPES, type OrderReturnsEvent, type ReturnedLine } from '../returns/order-returns-events';

/** The contexts taking part in a return; each one's reactions come from its own stream. */
export const RETURN_PARTICIPANTS = ['ordering', 'shipping', 'payments', 'inventory', 'loyalty'] as const;
export type ReturnParticipant = (typeof RETURN_PARTICIPANTS)[number];

/** One participant's reaction, as its event records it. */
export interface ReturnReaction {
  readonly participant: ReturnParticipant;
  /** What the participant did: its event's name (a message's name without its context), e.g. `return-refunded`. */
  readonly reaction: string;
  readonly at: Date;
  /** `compensation`: a participant's own answer to another's failure (store credit, points kept). */
  readonly outcome: 'done' | 'failed' | 'compensation';
  readonly detail: string;
}

export interface ReturnRequestFacts {
  readonly orderId: string;
  readonly lines: readonly ReturnedLine[];
  readonly refundCents: number;
  readonly currency: string;
  readonly reason: string;
  readonly requestedAt: Date;
}

/** What one participant's stream says about one return. */
export interface ReturnPart {
  readonly participant: ReturnParticipant;
  readonly reactions: readonly ReturnReaction[];
  /** Ordering's part only: the request. */
  readonly request?: ReturnRequestFacts;
}

export type ReturnPartDocument = StreamDocument<ReturnPart>;

/** Another participant's public message as the view folds it: its type and contract payload. */
type Consumed<T extends string, S extends z.ZodType> = { readonly type: T; readonly payload: z.infer<S> };

/** Ordering's own stored events, and the other participants' reactions as their public messages (views depend on contracts). */
type ReturnEvent =
  | OrderReturnsEvent
  | Consumed<'shipping.return-label-issued', typeof ReturnLabelIssuedV1>
  | Consumed<'shipping.return-parcel-received', typeof ReturnParcelReceivedV1>
  | Consumed<'payments.return-refunded', typeof ReturnRefundedV1>
  | Consumed<'payments.return-refund-failed', typeof ReturnRefundFailedV1>
  | Consumed<'payments.store-credit-issued', typeof StoreCreditIssuedV1>
  | Consumed<'inventory.return-restocked', typeof ReturnRestockedV1>
  | Consumed<'inventory.return-written-off', typeof ReturnWrittenOffV1>
  | Consumed<'loyalty.return-points-revoked', typeof ReturnPointsRevokedV1>
  | Consumed<'loyalty.return-points-kept', typeof ReturnPointsKeptV1>;

/** The other participants' reactions: their public messages, translated from each stored event as a webhook gets them. */
const participants = new MessageConsumer([
  returnLabelIssuedV1, returnParcelReceivedV1, returnRefundedV1, returnRefundFailedV1, storeCreditIssuedV1,
  returnRestockedV1, returnWrittenOffV1, returnPointsRevokedV1, returnPointsKeptV1,
]);

const ORDERING_TYPES: ReadonlySet<string> = new Set(ORDER_RETURNS_EVENT_TYPES);

/** Ordering's own events and every stored event the participants' messages derive from (the relay filters on stored types). */
export const RETURNS_VIEW_EVENT_TYPES: readonly string[] = [...ORDER_RETURNS_EVENT_TYPES, ...participants.storedTypes];

/** Ordering's event as is, or the public messages a participant's event translates to (see MessageConsumer.sourcesOf). */
export function returnSourcesOf(event: EventEnvelope): Promise<EventEnvelope[]> {
  return participants.sourcesOf(event, ORDERING_TYPES);
}

/** A reaction's name: the message's name without its context (`payments.return-refunded` -> `return-refunded`). */
const reactionName = (type: string): string => type.slice(type.indexOf('.') + 1);

const dollars = (cents: number): string => `$${(cents / 100).toFixed(2)}`;
const units = (lines: readonly { quantity: number }[]): number => lines.reduce((n, l) => n + l.quantity, 0);

/** Which participant an event is the reaction of, what it did and how it went. */
function reactionOf(envelope: EventEnvelope): Omit<ReturnReaction, 'at' | 'reaction'> {
  const event = envelope as unknown as ReturnEvent;
  switch (event.type) {
    case 'return-requested':
      return { participant: 'ordering', outcome: 'done', detail: `${units(event.payload.lines)} unit(s), ${dollars(event.payload.refundCents)} to refund, reason ${event.payload.reason}` };
    case 'return-refund-recorded':
      return { participant: 'ordering', outcome: 'done', detail: `saw the refund of ${dollars(event.payload.amountCents)}` };
    case 'return-stock-recorded':
      return { participant: 'ordering', outcome: 'done', detail: `saw the goods ${event.payload.disposition}` };
    case 'return-completed':
      return { participant: 'ordering', outcome: 'done', detail: event.payload.orderFullyReturned ? 'order returned in full' : 'order partly returned' };
    case 'return-failed':
      return { participant: 'ordering', outcome: 'failed', detail: `${event.payload.participant} failed: ${event.payload.code}` };
    case 'shipping.return-label-issued':
      return { participant: 'shipping', outcome: 'done', detail: `${event.payload.carrier} label ${event.payload.trackingId}` };
    case 'shipping.return-parcel-received':
      return { participant: 'shipping', outcome: 'done', detail: `${event.payload.condition}, ${event.payload.scannedBy === 'carrier' ? "carrier's arrival scan" : 'booked in by an operator'}` };
    case 'payments.return-refunded':
      return { participant: 'payments', outcome: 'done', detail: `${dollars(event.payload.amount.amountCents)} back to the card (${event.payload.refundId})` };
    case 'payments.return-refund-failed':
      return { participant: 'payments', outcome: 'failed', detail: `${event.payload.code}: ${event.payload.reason}` };
    case 'payments.store-credit-issued':
      return { participant: 'payments', outcome: 'compensation', detail: `${dollars(event.payload.amount.amountCents)} as store credit (${event.payload.creditId})` };
    case 'inventory.return-restocked':
      return { participant: 'inventory', outcome: 'done', detail: `${units(event.payload.lines)} unit(s) back in stock` };
    case 'inventory.return-written-off':
      return { participant: 'inventory', outcome: 'done', detail: `${units(event.payload.lines)} unit(s) written off: ${event.payload.reason}` };
    case 'loyalty.return-points-revoked':
      return { participant: 'loyalty', outcome: 'done', detail: `${event.payload.points} point(s) taken back` };
    case 'loyalty.return-points-kept':
      return { participant: 'loyalty', outcome: 'compensation', detail: `points kept: ${event.payload.reason}` };
  }
}

/** The participant whose stream an event of a return belongs to (the part it folds into). */
export function participantOf(envelope: EventEnvelope): ReturnParticipant {
  return reactionOf(envelope).participant;
}

/** A participant's part after one more of its events. */
export function evolveReturnPart(part: ReturnPart | undefined, envelope: EventEnvelope): ReturnPart {
  const { participant, outcome, detail } = reactionOf(envelope);
  const reaction: ReturnReaction = { participant, reaction: reactionName(envelope.type), at: envelope.timestamp, outcome, detail };
  const next: ReturnPart = { participant, reactions: [...(part?.reactions ?? []), reaction], ...(part?.request ? { request: part.request } : {}) };
  if (envelope.type !== 'return-requested') return next;
  const p = (envelope as unknown as Extract<OrderReturnsEvent, { type: 'return-requested' }>).payload;
  return { ...next, request: { orderId: p.orderId, lines: p.lines, refundCents: p.refundCents, currency: p.currency, reason: p.reason, requestedAt: envelope.timestamp } };
}

export type ReturnStatus = 'REQUESTED' | 'AWAITING_PARCEL' | 'RECEIVED' | 'COMPLETED' | 'FAILED';
export const RETURN_STATUSES: readonly ReturnStatus[] = ['REQUESTED', 'AWAITING_PARCEL', 'RECEIVED', 'COMPLETED', 'FAILED'];

/** A reaction the choreography still expects; `customer` waits are not a participant being stuck. */
export interface OutstandingReaction {
  readonly participant: ReturnParticipant;
  readonly awaiting: string;
  readonly waitingOn: 'participant' | 'customer';
}

/** A return as every participant's stream shows it: no coordinator holds this, the view puts it together. */
export interface ReturnProgress extends ReturnRequestFacts {
  readonly returnId: string;
  readonly status: ReturnStatus;
  readonly reactions: readonly ReturnReaction[];
  readonly outstanding: readonly OutstandingReaction[];
  /** Nothing is outstanding: every participant has reacted. */
  readonly settled: boolean;
  /** When a participant last reacted. */
  readonly lastProgressAt: Date;
  /** Sum of the parts' stream versions: grows with every reaction, so a fresher summary is a larger stamp. */
  readonly stamp: number;
}

/** The return put together from its parts (pure; ordering's part, holding the request, must be there). */
export function summariseReturn(returnId: string, ordering: ReturnPartDocument, others: readonly ReturnPartDocument[]): ReturnProgress {
  const request = ordering.state.request as ReturnRequestFacts;
  const parts = [ordering, ...others];
  const reactions = parts.flatMap((d) => d.state.reactions).sort((a, b) => a.at.getTime() - b.at.getTime());
  const has = (...types: string[]) => reactions.some((r) => types.includes(r.reaction));
  const outstanding: OutstandingReaction[] = [];
  const expect = (participant: ReturnParticipant, awaiting: string, waitingOn: OutstandingReaction['waitingOn'] = 'participant') =>
    outstanding.push({ participant, awaiting, waitingOn });

  const refundFailed = has('return-refund-failed');
  const refundSettled = has('return-refunded') || refundFailed;
  const goodsHandled = has('return-restocked', 'return-written-off');
  const closed = has('return-completed', 'return-failed');
  if (!has('return-label-issued')) expect('shipping', 'return label');
  else if (!has('return-parcel-received')) expect('shipping', "the customer's parcel", 'customer');
  if (has('return-parcel-received')) {
    if (!refundSettled) expect('payments', 'refund');
    if (!goodsHandled) expect('inventory', 'restock or write-off');
  }
  if (refundFailed && !has('store-credit-issued')) expect('payments', 'store credit');
  if (refundSettled && !has('return-points-revoked', 'return-points-kept')) expect('loyalty', 'points decision');
  if (!closed && (refundFailed || (refundSettled && goodsHandled))) expect('ordering', 'closing the return');

  const status: ReturnStatus = has('return-failed') ? 'FAILED'
    : has('return-completed') ? 'COMPLETED'
    : has('return-parcel-received') ? 'RECEIVED'
    : has('return-label-issued') ? 'AWAITING_PARCEL'
    : 'REQUESTED';
  return {
    returnId,
    ...request,
    status,
    reactions,
    outstanding,
    settled: outstanding.length === 0,
    lastProgressAt: reactions.at(-1)?.at ?? request.requestedAt,
    stamp: parts.reduce((n, d) => n + d.version, 0),
  };
}

/**
 * Stuck: a participant owes a reaction and nothing has happened for `stuckAfterMs`. Waiting for the
 * customer's parcel is not stuck; the choreography has no coordinator that would notice otherwise.
 */
export function isStuck(progress: Pick<ReturnProgress, 'outstanding' | 'lastProgressAt'>, now: Date, stuckAfterMs: number): boolean {
  return progress.outstanding.some((o) => o.waitingOn === 'participant') && now.getTime() - new Date(progress.lastProgressAt).getTime() > stuckAfterMs;
}
