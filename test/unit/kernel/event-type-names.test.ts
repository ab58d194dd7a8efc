import { expect, it } from 'vitest';
import { STOCK_EVENT_TYPES } from '../../../shared/domain/inventory/stock/stock-events';
import { POINTS_ACCOUNT_EVENT_TYPES } from '../../../shared/domain/loyalty/points-account/points-account-events';
import { EVENT_TYPE_PATTERN } from '../../../shared/platform/event-store/event-envelope';
import { ORDER_EVENT_TYPES } from '../../../shared/domain/ordering/order/order-events';
import { ORDER_ATTACHMENT_EVENT_TYPES } from '../../../shared/domain/ordering/attachments/order-attachment-events';
import { PAYMENT_EVENT_TYPES } from '../../../shared/domain/payments/payment/payment-events';
import { SHIPMENT_EVENT_TYPES } from '../../../shared/domain/shipping/shipment/shipment-events';

const all = [
  ...ORDER_EVENT_TYPES,
  ...ORDER_ATTACHMENT_EVENT_TYPES,
  ...STOCK_EVENT_TYPES,
  ...PAYMENT_EVENT_TYPES,
  ...SHIPMENT_EVENT_TYPES,
  ...POINTS_ACCOUNT_EVENT_TYPES,
];

it.each(all)('%s is kebab-case and past tense', (type) => {
  expect(type).toMatch(EVENT_TYPE_PATTERN);
  expect(type).toMatch(/(ed|ied)$/);
});

it('event type names are unique across contexts', () => {
  expect(new Set(all).size).toBe(all.length);
});
