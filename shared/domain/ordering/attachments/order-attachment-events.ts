import type { DomainEvent } from '../../../platform/event-store/decider';
import type { ClaimTicket } from '../../../platform/claims';

export const ORDER_ATTACHMENT_EVENT_TYPES = ['order-attachment-added'] as const;

/** The document itself stays in the claim store: the event carries only its ticket. */
export type OrderAttachmentAdded = DomainEvent<'order-attachment-added', { readonly orderId: string; readonly attachment: ClaimTicket }>;

export type OrderAttachmentEvent = OrderAttachmentAdded;
