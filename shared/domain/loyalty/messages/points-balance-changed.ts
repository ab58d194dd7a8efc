import { z } from 'zod';
import { defineMessage, personalData } from '../../../platform/messaging/message-definition';
import { CustomerIdSchema } from '../../kernel/identifiers';
import { POINTS_ACCOUNT_EVENT_TYPES, type PointsAccountEvent } from '../points-account/points-account-events';

export const PointsBalanceChangedV1 = z.object({
  customerId: personalData(CustomerIdSchema),
  balance: z.number().int().meta({ description: "The customer's points after the change" }),
});

export const pointsBalanceChangedV1 = defineMessage<PointsAccountEvent, typeof PointsBalanceChangedV1>({
  type: 'loyalty.points-balance-changed',
  version: 1,
  context: 'loyalty',
  kind: 'state-transfer',
  transfer: 'full',
  description: "A customer's points balance after points were awarded or revoked. The envelope's version is the account's version.",
  why: 'A storefront shows a customer\'s points from its own copy, replaced by each newer message, and keeps showing them while loyalty is down.',
  schema: PointsBalanceChangedV1,
  derivedFrom: POINTS_ACCOUNT_EVENT_TYPES,
  translate: ({ payload }) => ({ customerId: payload.customerId, balance: payload.balanceAfter }),
});
