import { MessageCatalogue } from '../platform/messaging/message-catalogue';
import type { MessageDefinition } from '../platform/messaging/message-definition';
import { customerChangedV1 } from './crm/messages/customer-changed';
import { leadFollowupDueV1 } from './crm/messages/lead-followup-due';
import { CUSTOMER_EVENT_TYPES } from './crm/customer/customer-events';
import { LEAD_EVENT_TYPES } from './crm/lead/lead-events';
import { stockLevelChangedV1 } from './inventory/messages/stock-level-changed';
import { STOCK_EVENT_TYPES } from './inventory/stock/stock-events';
import { pointsBalanceChangedV1 } from './loyalty/messages/points-balance-changed';
import { POINTS_ACCOUNT_EVENT_TYPES } from './loyalty/points-account/points-account-events';
import { ORDER_ATTACHMENT_EVENT_TYPES } from './ordering/attachments/order-attachment-events';
import { orderAttachmentAddedV1 } from './ordering/messages/order-attachment-added';
import { orderConfirmedV1 } from './ordering/messages/order-confirmed';
import { orderStatusChangedV1 } from './ordering/messages/order-status-changed';
import { ORDER_EVENT_TYPES } from './ordering/order/order-events';
import { paymentAuthorizedV1, paymentAuthorizedV2 } from './payments/messages/payment-authorized';
import { PAYMENT_EVENT_TYPES } from './payments/payment/payment-events';
import { shipmentDispatchedV1 } from './shipping/messages/shipment-dispatched';
import { SHIPMENT_EVENT_TYPES } from './shipping/shipment/shipment-events';

/** Every public message version the bounded contexts publish (the published language). */
export const PUBLIC_MESSAGES: readonly MessageDefinition[] = [
  orderStatusChangedV1,
  orderConfirmedV1,
  orderAttachmentAddedV1,
  stockLevelChangedV1,
  paymentAuthorizedV1,
  paymentAuthorizedV2,
  shipmentDispatchedV1,
  pointsBalanceChangedV1,
  customerChangedV1,
  leadFollowupDueV1,
];

export const publicMessageCatalogue = new MessageCatalogue(PUBLIC_MESSAGES);

/** Every stored event type: internal to its context, never a subscription's type. */
export const STORED_EVENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...ORDER_EVENT_TYPES,
  ...ORDER_ATTACHMENT_EVENT_TYPES,
  ...STOCK_EVENT_TYPES,
  ...PAYMENT_EVENT_TYPES,
  ...SHIPMENT_EVENT_TYPES,
  ...POINTS_ACCOUNT_EVENT_TYPES,
  ...CUSTOMER_EVENT_TYPES,
  ...LEAD_EVENT_TYPES,
]);
