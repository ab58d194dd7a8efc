import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import { ReturnIdSchema, ReturnLineSchema } from '../../kernel/return-id';
import { ParcelConditionSchema } from '../returns/parcel-condition';
import type { ReturnLabelIssued, ReturnParcelReceived } from '../returns/return-shipment-events';

export const ReturnLabelIssuedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  carrier: z.string().min(1),
  trackingId: z.string().min(1),
  expectedBy: z.iso.datetime().meta({ description: 'When the carrier expects the parcel at the warehouse' }),
});

export const returnLabelIssuedV1 = defineMessage<ReturnLabelIssued, typeof ReturnLabelIssuedV1>({
  type: 'shipping.return-label-issued',
  version: 1,
  context: 'shipping',
  kind: 'domain-event',
  description: 'The carrier issued the label of a return parcel.',
  why: 'Customer messaging sends the label and tracking id on; the lines and the stated reason stay in shipping until the parcel arrives.',
  schema: ReturnLabelIssuedV1,
  derivedFrom: ['return-label-issued'],
  translate: ({ payload: p }) => ({ returnId: p.returnId, orderId: p.orderId, carrier: p.carrier, trackingId: p.trackingId, expectedBy: p.expectedBy }),
});

export const ReturnParcelReceivedV1 = z.object({
  returnId: ReturnIdSchema,
  orderId: OrderIdSchema,
  lines: z.array(ReturnLineSchema).min(1),
  condition: ParcelConditionSchema,
  receivedAt: z.iso.datetime({ offset: true }),
  scannedBy: z.enum(['carrier', 'operator']).meta({ description: "The carrier's arrival scan, or an operator booking it in" }),
});

export type ReturnParcelReceivedMessage = z.infer<typeof ReturnParcelReceivedV1>;

export const returnParcelReceivedV1 = defineMessage<ReturnParcelReceived, typeof ReturnParcelReceivedV1>({
  type: 'shipping.return-parcel-received',
  version: 1,
  context: 'shipping',
  kind: 'domain-event',
  description: 'The parcel of a return reached the warehouse: which goods, in what condition.',
  why: 'Payments refunds and inventory restocks or writes off when the goods are physically back; they react to this fact with its lines and condition, not to the label or the carrier\'s bookkeeping.',
  schema: ReturnParcelReceivedV1,
  derivedFrom: ['return-parcel-received'],
  translate: ({ payload: p }) => ({ returnId: p.returnId, orderId: p.orderId, lines: [...p.lines], condition: p.condition, receivedAt: p.receivedAt, scannedBy: p.scannedBy }),
});
