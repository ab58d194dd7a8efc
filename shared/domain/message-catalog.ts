import { MessageCatalogue } from '../platform/messaging/message-catalogue';
import type { MessageDefinition } from '../platform/messaging/message-definition';
import { customerChangedV1 } from './crm/messages/customer-changed';
import { leadFollowupDueV1 } from './crm/messages/lead-followup-due';
import { CUSTOMER_EVENT_TYPES } from './crm/customer/customer-events';
import { LEAD_EVENT_TYPES } from './crm/lead/lead-events';
import { stockLevelChangedV1 } from './inventory/messages/stock-level-changed';
import { stockReservationChangedV1 } from './inventory/messages/stock-reservation-changed';
import { STOCK_EVENT_TYPES } from './inventory/stock/stock-events';
import { orderPointsChangedV1 } from './loyalty/messages/order-points-changed';
import { pointsBalanceChangedV1 } from './loyalty/messages/points-balance-changed';
import { POINTS_ACCOUNT_EVENT_TYPES } from './loyalty/points-account/points-account-events';
import { ORDER_ATTACHMENT_EVENT_TYPES } from './ordering/attachments/order-attachment-events';
import { orderAttachmentAddedV1 } from './ordering/messages/order-attachment-added';
import { orderConfirmedV1 } from './ordering/messages/order-confirmed';
import { orderStatusChangedV1 } from './ordering/messages/order-status-changed';
import { ORDER_EVENT_TYPES } from './ordering/order/order-events';
import { paymentAuthorizedV1, paymentAuthorizedV2 } from './payments/messages/payment-authorized';
import { paymentStatusChangedV1 } from './payments/messages/payment-status-changed';
import { PAYMENT_EVENT_TYPES } from './payments/payment/payment-events';
import { shipmentDispatchedV1 } from './shipping/messages/shipment-dispatched';
import { shipmentStatusChangedV1 } from './shipping/messages/shipment-status-changed';
import { SHIPMENT_EVENT_TYPES } from './shipping/shipment/shipment-events';
import { returnCompletedV1, returnFailedV1 } from './ordering/messages/return-closed';
import { returnRequestedV1 } from './ordering/messages/return-requested';
import { ORDER_RETURNS_EVENT_TYPES } from './ordering/returns/order-returns-events';
import { returnLabelIssuedV1, returnParcelReceivedV1 } from './shipping/messages/return-parcel';
import { RETURN_SHIPMENT_EVENT_TYPES } from './shipping/returns/return-shipment-events';
import { returnRefundedV1, returnRefundFailedV1, storeCreditIssuedV1 } from './payments/messages/return-refund';
import { RETURN_REFUND_EVENT_TYPES } from './payments/returns/return-refund-events';
import { returnRestockedV1, returnWrittenOffV1 } from './inventory/messages/returned-stock';
import { RETURNED_STOCK_EVENT_TYPES } from './inventory/returns/returned-stock-events';
import { returnPointsKeptV1, returnPointsRevokedV1 } from './loyalty/messages/return-points';
import { RETURN_POINTS_EVENT_TYPES } from './loyalty/returns/return-points-decider';

/** Every public message version the bounded contexts publish (the published language). */
export const PUBLIC_MESSAGES: readonly MessageDefinition[] = [
  orderStatusChangedV1,
  orderConfirmedV1,
  orderAttachmentAddedV1,
  stockLevelChangedV1,
  stockReservationChangedV1,
  paymentAuthorizedV1,
  paymentAuthorizedV2,
  paymentStatusChangedV1,
  shipmentDispatchedV1,
  shipmentStatusChangedV1,
  pointsBalanceChangedV1,
  orderPointsChangedV1,
  customerChangedV1,
  leadFollowupDueV1,
  // The returns choreography (see README, "Two styles of saga").
  returnRequestedV1,
  returnCompletedV1,
  returnFailedV1,
  returnLabelIssuedV1,
  returnParcelReceivedV1,
  returnRefundedV1,
  returnRefundFailedV1,
  storeCreditIssuedV1,
  returnRestockedV1,
  returnWrittenOffV1,
  returnPointsRevokedV1,
  returnPointsKeptV1,
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
  ...ORDER_RETURNS_EVENT_TYPES,
  ...RETURN_SHIPMENT_EVENT_TYPES,
  ...RETURN_REFUND_EVENT_TYPES,
  ...RETURNED_STOCK_EVENT_TYPES,
  ...RETURN_POINTS_EVENT_TYPES,
]);
