import { z } from 'zod';
import { defineMessage } from '../../../platform/messaging/message-definition';
import { OrderIdSchema } from '../../kernel/identifiers';
import type { PointsAccountEvent } from '../points-account/points-account-events';

export const OrderPointsChangedV1 = z.object({
  orderId: OrderIdSchema,
  status: z.enum(['awarded', 'revoked']),
  points: z.number().int().min(0).meta({ description: 'Points the order earned, or that were taken back' }),
  reason: z.string().min(1).optional().meta({ description: 'Why points were revoked' }),
});

export const orderPointsChangedV1 = defineMessage<PointsAccountEvent, typeof OrderPointsChangedV1>({
  type: 'loyalty.order-points-changed',
  version: 1,
  context: 'loyalty',
  kind: 'state-transfer',
  transfer: 'delta',
  description: "The points an order earned were awarded or revoked. The envelope's stream is the customer's points account, its version the account's version.",
  why: "Ordering shows what an order earned without reading loyalty's events or the customer's balance; keyed by order, with no customer data, as a delta per change.",
  schema: OrderPointsChangedV1,
  // Points deducted for a return belong to the return (see the returns view), not to the order's earnings.
  derivedFrom: ['points-awarded', 'points-revoked'],
  translate(event) {
    const { orderId, points } = event.payload;
    switch (event.type) {
      case 'points-awarded':
        return { orderId, status: 'awarded', points };
      case 'points-revoked':
        return { orderId, status: 'revoked', points, reason: event.payload.reason };
      case 'points-deducted':
        return null;
    }
  },
});
