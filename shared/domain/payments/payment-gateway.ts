import type { Currency } from '../kernel/money';

/**
 * Port to the card payment gateway. Every call carries an idempotency key: repeating a
 * call with the same key and the same request returns the first result (or the first
 * permanent refusal) and never charges twice; the same key with a different request is
 * refused with 'idempotency-key-reused'.
 *
 * Failures:
 * - ProviderRejection (provider 'payment-gateway'): permanent, do not retry. Declines use
 *   the codes in PAYMENT_DECLINE_CODES; other codes are listed on each method.
 * - TransientProviderError: retry with the same idempotency key.
 */
export interface PaymentGateway {
  /** Rejections: the decline codes, 'invalid-amount', 'idempotency-key-reused'. */
  authorize(request: AuthorizeRequest): Promise<Authorization>;
  /** Captures the full authorized amount. Rejections: 'authorization-not-found', 'authorization-voided', 'authorization-already-captured', 'capture-declined'. */
  capture(request: CaptureRequest): Promise<Capture>;
  /** Releases an uncaptured authorization; voiding a voided one succeeds. Rejections: 'authorization-not-found', 'authorization-already-captured', 'reversals-suspended'. */
  voidAuthorization(request: VoidRequest): Promise<VoidedAuthorization>;
  /** Refunds a capture in full. Rejections: 'capture-not-found', 'capture-already-refunded', 'reversals-suspended'. */
  refund(request: RefundRequest): Promise<Refund>;
  /**
   * Every authorization made for an order (gateways keep the merchant's order reference), oldest
   * first, with where it stands now. A compensation asks the gateway rather than trusting its own
   * records, which miss an authorization whose answer was lost (a timeout, a crash, an outage).
   */
  findAuthorizations(request: { readonly orderId: string }): Promise<readonly AuthorizationRecord[]>;
}

export interface AuthorizationRecord extends Authorization {
  readonly orderId: string;
  readonly status: 'authorized' | 'captured' | 'voided' | 'refunded';
  /** Once captured (also after a refund). */
  readonly capture?: Capture;
  /** Once refunded. */
  readonly refund?: Refund;
}

export const PAYMENT_DECLINE_CODES = [
  'card-declined',
  'insufficient-funds',
  'expired-card',
  'invalid-card-number',
  'invalid-expiry-date',
] as const;
export type PaymentDeclineCode = (typeof PAYMENT_DECLINE_CODES)[number];

export const isPaymentDeclineCode = (code: string): code is PaymentDeclineCode =>
  (PAYMENT_DECLINE_CODES as readonly string[]).includes(code);

export interface PaymentCard {
  /** Full card number: pass it to the gateway, never store it (keep CardNumber.last4). */
  readonly number: string;
  readonly expiryMonth: number;
  readonly expiryYear: number;
}

export interface AuthorizeRequest {
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly card: PaymentCard;
}

export interface Authorization {
  readonly authorizationId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly cardLast4: string;
  readonly cardBrand: string;
  /** ISO-8601 */
  readonly authorizedAt: string;
}

export interface CaptureRequest {
  readonly idempotencyKey: string;
  readonly authorizationId: string;
}

export interface Capture {
  readonly captureId: string;
  readonly authorizationId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly capturedAt: string;
}

export interface VoidRequest {
  readonly idempotencyKey: string;
  readonly authorizationId: string;
}

export interface VoidedAuthorization {
  readonly authorizationId: string;
  readonly voidedAt: string;
}

export interface RefundRequest {
  readonly idempotencyKey: string;
  readonly captureId: string;
}

export interface Refund {
  readonly refundId: string;
  readonly captureId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly refundedAt: string;
}
