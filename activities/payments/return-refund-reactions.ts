import { ReturnRequestedV1 } from '../../shared/domain/ordering/messages/return-requested';
import { ReturnParcelReceivedV1 } from '../../shared/domain/shipping/messages/return-parcel';
import type { MessageReaction } from '../../shared/platform/messaging/participant-subscriber';
import type { ParcelArrival, RefundRequest } from './return-refund-activities';

export const PAYMENTS_RETURNS_PARTICIPANT = 'payments';

/** How payments' participant reaches its return refund workflow (signal-with-start; see shared/app). */
export interface ReturnRefundSignals {
  refundRequested(request: RefundRequest, correlationId: string): Promise<void>;
  parcelReceived(subject: { readonly returnId: string; readonly orderId: string }, arrival: ParcelArrival, correlationId: string): Promise<void>;
}

/**
 * Payments' part of a return: both messages it cares about go to the return's refund workflow,
 * whichever arrives first starting it; the workflow refunds once it has heard both.
 */
export function createReturnRefundReactions(signals: ReturnRefundSignals): MessageReaction[] {
  return [
    {
      type: 'ordering.return-requested',
      version: 1,
      async react(message) {
        const r = ReturnRequestedV1.parse(message.payload);
        await signals.refundRequested({ returnId: r.returnId, orderId: r.orderId, customerId: r.customerId, amountCents: r.refund.amountCents }, message.correlationId);
      },
    },
    {
      type: 'shipping.return-parcel-received',
      version: 1,
      async react(message) {
        const p = ReturnParcelReceivedV1.parse(message.payload);
        await signals.parcelReceived({ returnId: p.returnId, orderId: p.orderId }, { receivedAt: p.receivedAt }, message.correlationId);
      },
    },
  ];
}
