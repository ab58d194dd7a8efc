import type { DomainEvent } from '../../../platform/event-store/decider';
import { registerUpcaster } from '../../../platform/event-store/event-upcasters';
import type { Currency, MoneyJSON } from '../../kernel/money';

/**
 * Schema version 2: the authorized amount is one Money value (`amount`), so an amount never
 * travels without its currency. Version 1 events (`amountCents` + `currency` side by side) are
 * upcast when read, see `upcastPaymentAuthorizedV1`.
 */
export interface PaymentAuthorizedPayload {
  readonly orderId: string;
  readonly amount: MoneyJSON;
  readonly authorizationId: string;
  readonly cardLast4: string;
}

export const PAYMENT_AUTHORIZED_SCHEMA_VERSION = 2;

/** `payment-authorized` as schema version 1 wrote it. */
export interface PaymentAuthorizedV1Payload {
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly authorizationId: string;
  readonly cardLast4: string;
}

export function upcastPaymentAuthorizedV1(payload: unknown): PaymentAuthorizedPayload {
  const { amountCents, currency, ...rest } = payload as PaymentAuthorizedV1Payload;
  return { ...rest, amount: { amountCents, currency } };
}

registerUpcaster('payment-authorized', 1, upcastPaymentAuthorizedV1);

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
