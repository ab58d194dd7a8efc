import { expect, it } from 'vitest';
import { STOCK_EVENT_TYPES } from '../../../shared/inventory/stock/events';
import { POINTS_ACCOUNT_EVENT_TYPES } from '../../../shared/loyalty/points-account/events';
import { EVENT_TYPE_PATTERN } from '../../../shared/messaging/envelope';
import { ORDER_EVENT_TYPES } from '../../../shared/ordering/order/events';
import { PAYMENT_EVENT_TYPES } from '../../../shared/payments/payment/events';
import { SHIPMENT_EVENT_TYPES } from '../../../shared/shipping/shipment/events';

const all = [
  ...ORDER_EVENT_TYPES,
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
