import { ReturnRequestedV1 } from '../../shared/domain/ordering/messages/return-requested';
import type { MessageReaction } from '../../shared/platform/messaging/participant-subscriber';
import type { ParcelRequest } from './return-parcel-activities';

export const SHIPPING_RETURNS_PARTICIPANT = 'shipping';

/** How shipping's participant reaches its return parcel workflow (signal-with-start; see shared/app). */
export interface ReturnParcelSignals {
  returnRequested(request: ParcelRequest, correlationId: string): Promise<void>;
}

/**
 * Shipping's part of a return: it hands each requested return to its return parcel workflow, which
 * issues the label and waits, durably, for the parcel. The relay retries until the signal is taken.
 */
export function createReturnParcelReactions(signals: ReturnParcelSignals): MessageReaction[] {
  return [
    {
      type: 'ordering.return-requested',
      version: 1,
      async react(message) {
        const r = ReturnRequestedV1.parse(message.payload);
        await signals.returnRequested({ returnId: r.returnId, orderId: r.orderId, lines: r.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })), statedReason: r.reason }, message.correlationId);
      },
    },
  ];
}
