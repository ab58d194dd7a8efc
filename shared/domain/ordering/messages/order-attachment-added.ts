import { z } from 'zod';
import { ClaimTicketSchema } from '../../../platform/claims';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import type { OrderAttachmentAdded } from '../attachments/order-attachment-events';

export const OrderAttachmentAddedV1 = z.object({
  orderId: OrderIdSchema,
  attachment: ClaimTicketSchema.extend({
    href: z.url().optional().meta({ description: 'Signed, expiring link to the content, added to each webhook delivery (absent in the live feed: fetch /claims/{claimId} with an API key)' }),
  }),
  addedAt: z.iso.datetime(),
});

export const orderAttachmentAddedV1 = defineMessage<OrderAttachmentAdded, typeof OrderAttachmentAddedV1>({
  type: 'ordering.order-attachment-added',
  version: 1,
  context: 'ordering',
  kind: 'domain-event',
  description: 'A document (a signed purchase order, a delivery note) was attached to an order. The content stays in the claim store: the message carries its ticket (claim id, size, content type, SHA-256).',
  why: 'A claim check: consumers learn that a document exists and redeem the ticket only if they need the bytes, so a 16 MiB PDF never travels through the relay or a webhook body.',
  schema: OrderAttachmentAddedV1,
  derivedFrom: ['order-attachment-added'],
  translate: (event) => ({ orderId: event.payload.orderId, attachment: event.payload.attachment, addedAt: event.timestamp.toISOString() }),
});
