import type { Currency } from '../kernel/money';
import type { Refund } from './payment-gateway';

/**
 * Port to the gateway's partial refunds (returns send back part of an order). Same idempotency
 * rules as PaymentGateway: a repeated key with the same request answers the first outcome.
 *
 * Rejections (ProviderRejection, provider 'payment-gateway'): 'capture-not-found',
 * 'capture-already-refunded' (refunded in full by a cancellation), 'refund-exceeds-capture'
 * (details.remainingCents), a decline code when the card can no longer be credited
 * ('expired-card'), 'idempotency-key-reused'. TransientProviderError: retry with the same key.
 */
export interface PartialRefunds {
  refundPart(request: PartialRefundRequest): Promise<Refund>;
}

export interface PartialRefundRequest {
  readonly idempotencyKey: string;
  readonly captureId: string;
  readonly amountCents: number;
  readonly currency: Currency;
}
