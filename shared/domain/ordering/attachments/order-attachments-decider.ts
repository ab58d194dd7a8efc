import { DomainRejection } from '../../kernel/domain-rejection';
import type { Decider } from '../../../platform/event-store/decider';
import type { ClaimTicket } from '../../../platform/claims';
import { MAX_ATTACHMENTS_PER_ORDER } from './attachment-policy';
import type { OrderAttachmentEvent } from './order-attachment-events';

export interface AddOrderAttachment {
  readonly type: 'add-order-attachment';
  readonly orderId: string;
  readonly attachment: ClaimTicket;
}

export type OrderAttachmentCommand = AddOrderAttachment;

export interface OrderAttachmentsState {
  readonly claimIds: readonly string[];
}

/** Refuses an attachment beyond the per-order limit; attaching the same claim twice changes nothing. */
export function assertRoomForAttachment(state: OrderAttachmentsState): void {
  if (state.claimIds.length >= MAX_ATTACHMENTS_PER_ORDER) {
    throw new DomainRejection('too-many-attachments', `an order takes at most ${MAX_ATTACHMENTS_PER_ORDER} attachments`);
  }
}

export const orderAttachmentsDecider: Decider<OrderAttachmentCommand, OrderAttachmentEvent, OrderAttachmentsState> = {
  initialState: { claimIds: [] },
  decide(command, state) {
    if (state.claimIds.includes(command.attachment.claimId)) return [];
    assertRoomForAttachment(state);
    return [{ type: 'order-attachment-added', payload: { orderId: command.orderId, attachment: command.attachment } }];
  },
  evolve(state, event) {
    return { claimIds: [...state.claimIds, event.payload.attachment.claimId] };
  },
};
