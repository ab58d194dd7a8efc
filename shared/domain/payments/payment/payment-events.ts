import type { DomainEvent } from '../../../platform/event-store/decider';
import type { Currency } from '../../kernel/money';

export interface PaymentAuthorizedPayload {
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly authorizationId: string;
  readonly cardLast4: string;
}

export interface PaymentDeclinedPayload {
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly declineCode: string;
  readonly reason: string;
}

export interface PaymentCapturedPayload {
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly authorizationId: string;
  readonly captureId: string;
}

export interface PaymentVoidedPayload {
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly authorizationId: string;
  readonly reason: string;
}

export interface PaymentRefundedPayload {
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly captureId: string;
  readonly refundId: string;
  readonly reason: string;
}

export type PaymentAuthorized = DomainEvent<'payment-authorized', PaymentAuthorizedPayload>;
export type PaymentDeclined = DomainEvent<'payment-declined', PaymentDeclinedPayload>;
export type PaymentCaptured = DomainEvent<'payment-captured', PaymentCapturedPayload>;
export type PaymentVoided = DomainEvent<'payment-voided', PaymentVoidedPayload>;
export type PaymentRefunded = DomainEvent<'payment-refunded', PaymentRefundedPayload>;

export type PaymentEvent = PaymentAuthorized | PaymentDeclined | PaymentCaptured | PaymentVoided | PaymentRefunded;

export const PAYMENT_EVENT_TYPES = [
  'payment-authorized',
  'payment-declined',
  'payment-captured',
  'payment-voided',
  'payment-refunded',
] as const satisfies readonly PaymentEvent['type'][];
