import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { TypedSearchAttributes, WorkflowIdReusePolicy } from '@temporalio/common';
import type { Db } from 'mongodb';
import { createReturnedStockReactions, INVENTORY_RETURNS_PARTICIPANT } from '../../activities/inventory/returned-stock-reactions';
import { createReturnPointsReactions, LOYALTY_RETURNS_PARTICIPANT } from '../../activities/loyalty/return-points-reactions';
import { createOrderReturnsReactions, ORDERING_RETURNS_PARTICIPANT } from '../../activities/ordering/order-returns-reactions';
import { createReturnRefundReactions, PAYMENTS_RETURNS_PARTICIPANT, type ReturnRefundSignals } from '../../activities/payments/return-refund-reactions';
import { createReturnParcelReactions, SHIPPING_RETURNS_PARTICIPANT, type ReturnParcelSignals } from '../../activities/shipping/return-parcel-reactions';
import { OrderIdAttribute } from '../../workflows/ordering/order-fulfilment/order-fulfilment-contract';
import {
  parcelReceivedSignal,
  refundRequestedSignal,
  RETURN_REFUND_WORKFLOW,
  returnRefundWorkflowId,
  type ReturnRefundWorkflow,
} from '../../workflows/payments/return-refund/return-refund-contract';
import { RETURN_PARCEL_WORKFLOW, returnParcelWorkflowId, returnRequestedSignal, type ReturnParcelWorkflow } from '../../workflows/shipping/return-parcel/return-parcel-contract';
import type { EventStore } from '../platform/event-store';
import { MessageTranslator } from '../platform/messaging/message-translator';
import { participantSubscriber, type MessageReaction } from '../platform/messaging/participant-subscriber';
import { Inbox } from '../platform/outbox/inbox';
import type { Subscriber } from '../platform/outbox/subscriber';
import type { MessageCatalogue } from '../platform/messaging/message-catalogue';
import type { AppConfig } from './app-config';

export type ReturnParticipantName = AppConfig['returns']['participants'][number];

/** The relay subscriber (and inbox) of each participant. */
export const returnParticipantSubscriber = (participant: ReturnParticipantName): string => `returns.${participant}`;

export interface ReturnParticipantsOptions {
  readonly db: Db;
  readonly store: EventStore;
  /** The published language (the domain's catalogue), handed in: composition stays out of the domain. */
  readonly catalogue: MessageCatalogue;
  readonly temporal: Client;
  readonly taskQueue: string;
  readonly refundRetryBudget: string;
  readonly participants: readonly ReturnParticipantName[];
  /** A reaction mark older than this is taken for a dead process's and the message is reacted to again. */
  readonly inboxAbandonAfterMs: number;
}

/**
 * The returns choreography's participants as relay subscribers, one per context, each with its
 * own inbox. Shipping and payments react through workflows of their context (signal-with-start);
 * inventory, loyalty and ordering append to their own streams directly.
 */
export function returnParticipants(options: ReturnParticipantsOptions): Subscriber[] {
  const translator = new MessageTranslator(options.catalogue, options.store);
  const reactions: Record<ReturnParticipantName, () => MessageReaction[]> = {
    [ORDERING_RETURNS_PARTICIPANT]: () => createOrderReturnsReactions(options.store),
    [SHIPPING_RETURNS_PARTICIPANT]: () => createReturnParcelReactions(parcelSignals(options)),
    [PAYMENTS_RETURNS_PARTICIPANT]: () => createReturnRefundReactions(refundSignals(options)),
    [INVENTORY_RETURNS_PARTICIPANT]: () => createReturnedStockReactions(options.store),
    [LOYALTY_RETURNS_PARTICIPANT]: () => createReturnPointsReactions(options.store),
  };
  return options.participants.map((participant) => {
    const name = returnParticipantSubscriber(participant);
    return participantSubscriber({ name, translator, inbox: new Inbox(options.db, name, { abandonAfterMs: options.inboxAbandonAfterMs }), reactions: reactions[participant]() });
  });
}

/**
 * Signal-with-start that never starts a second run: a message redelivered after its workflow
 * finished (it had heard everything it waits for) changes nothing.
 */
async function signalOnce(start: () => Promise<unknown>): Promise<void> {
  try {
    await start();
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

const orderIdAttribute = (orderId: string) => new TypedSearchAttributes([{ key: OrderIdAttribute, value: orderId }]);

function parcelSignals({ temporal, taskQueue }: ReturnParticipantsOptions): ReturnParcelSignals {
  return {
    returnRequested: (request, correlationId) => signalOnce(() => temporal.workflow.signalWithStart<ReturnParcelWorkflow, [typeof request]>(RETURN_PARCEL_WORKFLOW, {
      taskQueue,
      workflowId: returnParcelWorkflowId(request.returnId),
      args: [{ returnId: request.returnId, correlationId }],
      signal: returnRequestedSignal,
      signalArgs: [request],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: orderIdAttribute(request.orderId),
      staticSummary: `Return ${request.returnId} of order ${request.orderId}: shipping's label and parcel (choreography)`,
    })),
  };
}

function refundSignals({ temporal, taskQueue, refundRetryBudget }: ReturnParticipantsOptions): ReturnRefundSignals {
  const start = <A>(returnId: string, orderId: string, correlationId: string, signal: typeof refundRequestedSignal | typeof parcelReceivedSignal, args: A) =>
    signalOnce(() => temporal.workflow.signalWithStart<ReturnRefundWorkflow, [A]>(RETURN_REFUND_WORKFLOW, {
      taskQueue,
      workflowId: returnRefundWorkflowId(returnId),
      args: [{ returnId, correlationId, policy: { retryBudget: refundRetryBudget } }],
      signal: signal as never,
      signalArgs: [args],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: orderIdAttribute(orderId),
      staticSummary: `Return ${returnId} of order ${orderId}: payments' refund (choreography)`,
    }));
  return {
    refundRequested: (request, correlationId) => start(request.returnId, request.orderId, correlationId, refundRequestedSignal, request),
    parcelReceived: (subject, arrival, correlationId) => start(subject.returnId, subject.orderId, correlationId, parcelReceivedSignal, arrival),
  };
}
