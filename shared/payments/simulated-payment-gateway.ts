import { createHash } from 'node:crypto';
import type { Currency } from '../kernel/money';
import { ProviderRejection, TransientProviderError } from '../kernel/provider-errors';
import { IdempotencyRecord, pickLatency, simulateCall, type SimulatedCallOptions } from '../kernel/simulated-provider';
import { randomId, realSleep, systemClock, type Clock, type LatencyRange, type Random, type Sleep } from '../kernel/simulation';
import { CardNumber, passesLuhn } from './card-number';
import type {
  AuthorizeRequest,
  Authorization,
  Capture,
  CaptureRequest,
  PaymentDeclineCode,
  PaymentGateway,
  Refund,
  RefundRequest,
  VoidedAuthorization,
  VoidRequest,
} from './payment-gateway';

/** Card numbers with a scripted behaviour; any other Luhn-valid, unexpired card is authorized. */
export const TEST_CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  genericDecline: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expired: '4000000000000069',
  /** Fails transiently on the first `flakyAttempts` attempts of each idempotency key. */
  flaky: '4000000000000119',
  /** Answers after `slowLatencyMs` instead of the usual latency. */
  slow: '4000000000000077',
} as const;

const SCRIPTED_DECLINES: ReadonlyMap<string, PaymentDeclineCode> = new Map([
  [TEST_CARDS.genericDecline, 'card-declined'],
  [TEST_CARDS.insufficientFunds, 'insufficient-funds'],
  [TEST_CARDS.expired, 'expired-card'],
]);

export interface SimulatedPaymentGatewayOptions {
  readonly random?: Random;
  readonly sleep?: Sleep;
  readonly clock?: Clock;
  /** Default 20-80 ms. */
  readonly latency?: LatencyRange;
  /** Default 3000 ms. */
  readonly slowLatencyMs?: number;
  /** Default 2. */
  readonly flakyAttempts?: number;
  /** Chance of a transient failure on any call, default 0. */
  readonly transientFailureRate?: number;
}

/** What the simulator holds about one authorization (for tests and diagnostics). */
export interface SimulatedAuthorization {
  readonly authorizationId: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly cardLast4: string;
  readonly status: 'authorized' | 'captured' | 'voided' | 'refunded';
  readonly captureId?: string;
  readonly refundId?: string;
}

/**
 * An in-memory card gateway that behaves like a real one: idempotency keys, scripted
 * declines, transient failures, latency. It never keeps a full card number after the call.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  private readonly random: Random;
  private readonly clock: Clock;
  private readonly latency: LatencyRange;
  private readonly slowLatencyMs: number;
  private readonly flakyAttempts: number;
  private readonly call: SimulatedCallOptions;

  private readonly authorizations = new Map<string, SimulatedAuthorization>();
  private readonly captures = new Map<string, string>(); // captureId -> authorizationId

  private readonly authorizeCalls = new IdempotencyRecord<Authorization>('payment-gateway');
  private readonly captureCalls = new IdempotencyRecord<Capture>('payment-gateway');
  private readonly voidCalls = new IdempotencyRecord<VoidedAuthorization>('payment-gateway');
  private readonly refundCalls = new IdempotencyRecord<Refund>('payment-gateway');

  constructor(options: SimulatedPaymentGatewayOptions = {}) {
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? systemClock;
    this.latency = options.latency ?? { minMs: 20, maxMs: 80 };
    this.slowLatencyMs = options.slowLatencyMs ?? 3000;
    this.flakyAttempts = options.flakyAttempts ?? 2;
    this.call = {
      provider: 'payment-gateway',
      random: this.random,
      sleep: options.sleep ?? realSleep,
      transientFailureRate: options.transientFailureRate ?? 0,
    };
  }

  authorize(request: AuthorizeRequest): Promise<Authorization> {
    const { idempotencyKey, ...rest } = request;
    const number = request.card.number.replace(/[\s-]/g, '');
    const latency = number === TEST_CARDS.slow ? this.slowLatencyMs : pickLatency(this.random, this.latency);
    // The idempotency record compares requests; it keeps a digest, not the card number.
    const fingerprint = { ...rest, card: { ...rest.card, number: createHash('sha256').update(number).digest('hex') } };
    return simulateCall(this.call, this.authorizeCalls, idempotencyKey, fingerprint, latency, (attempt) => {
      if (number === TEST_CARDS.flaky && attempt <= this.flakyAttempts) {
        throw new TransientProviderError('payment-gateway', `Simulated issuer timeout (attempt ${attempt})`);
      }
      if (!Number.isSafeInteger(request.amountCents) || request.amountCents < 1) {
        throw new ProviderRejection('payment-gateway', 'invalid-amount', 'The amount must be a positive number of cents');
      }
      if (!passesLuhn(number) || number.length < 12 || number.length > 19) {
        throw decline('invalid-card-number', 'The card number is not valid', number.slice(-4));
      }
      const card = CardNumber.of(number);
      this.checkExpiry(request.card.expiryMonth, request.card.expiryYear, card.last4);
      const scripted = SCRIPTED_DECLINES.get(card.digits);
      if (scripted) throw decline(scripted, `The card was declined (${scripted})`, card.last4);

      const authorization: Authorization = {
        authorizationId: randomId(this.random, 'auth'),
        amountCents: request.amountCents,
        currency: request.currency,
        cardLast4: card.last4,
        cardBrand: card.brand,
        authorizedAt: this.clock().toISOString(),
      };
      this.authorizations.set(authorization.authorizationId, {
        authorizationId: authorization.authorizationId,
        orderId: request.orderId,
        amountCents: request.amountCents,
        currency: request.currency,
        cardLast4: card.last4,
        status: 'authorized',
      });
      return authorization;
    });
  }

  capture(request: CaptureRequest): Promise<Capture> {
    const { idempotencyKey, ...rest } = request;
    return simulateCall(this.call, this.captureCalls, idempotencyKey, rest, pickLatency(this.random, this.latency), () => {
      const auth = this.authorization(request.authorizationId);
      if (auth.status === 'voided') {
        throw new ProviderRejection('payment-gateway', 'authorization-voided', 'The authorization was voided', {
          authorizationId: auth.authorizationId,
        });
      }
      if (auth.status !== 'authorized') throw alreadyCaptured(auth.authorizationId);
      const captureId = randomId(this.random, 'cap');
      this.authorizations.set(auth.authorizationId, { ...auth, status: 'captured', captureId });
      this.captures.set(captureId, auth.authorizationId);
      return {
        captureId,
        authorizationId: auth.authorizationId,
        amountCents: auth.amountCents,
        currency: auth.currency,
        capturedAt: this.clock().toISOString(),
      };
    });
  }

  voidAuthorization(request: VoidRequest): Promise<VoidedAuthorization> {
    const { idempotencyKey, ...rest } = request;
    return simulateCall(this.call, this.voidCalls, idempotencyKey, rest, pickLatency(this.random, this.latency), () => {
      const auth = this.authorization(request.authorizationId);
      if (auth.status === 'captured' || auth.status === 'refunded') throw alreadyCaptured(auth.authorizationId);
      this.authorizations.set(auth.authorizationId, { ...auth, status: 'voided' });
      return { authorizationId: auth.authorizationId, voidedAt: this.clock().toISOString() };
    });
  }

  refund(request: RefundRequest): Promise<Refund> {
    const { idempotencyKey, ...rest } = request;
    return simulateCall(this.call, this.refundCalls, idempotencyKey, rest, pickLatency(this.random, this.latency), () => {
      const authorizationId = this.captures.get(request.captureId);
      const auth = authorizationId === undefined ? undefined : this.authorizations.get(authorizationId);
      if (auth === undefined) {
        throw new ProviderRejection('payment-gateway', 'capture-not-found', `No capture ${request.captureId}`, {
          captureId: request.captureId,
        });
      }
      if (auth.status === 'refunded') {
        throw new ProviderRejection('payment-gateway', 'capture-already-refunded', 'The capture was already refunded', {
          captureId: request.captureId,
        });
      }
      const refundId = randomId(this.random, 'ref');
      this.authorizations.set(auth.authorizationId, { ...auth, status: 'refunded', refundId });
      return {
        refundId,
        captureId: request.captureId,
        amountCents: auth.amountCents,
        currency: auth.currency,
        refundedAt: this.clock().toISOString(),
      };
    });
  }

  /** All authorizations the simulator made, in creation order. */
  listAuthorizations(): readonly SimulatedAuthorization[] {
    return [...this.authorizations.values()];
  }

  /** How many calls (including failed ones) used this idempotency key for an authorization. */
  authorizeAttempts(idempotencyKey: string): number {
    return this.authorizeCalls.attempts(idempotencyKey);
  }

  private authorization(authorizationId: string): SimulatedAuthorization {
    const auth = this.authorizations.get(authorizationId);
    if (auth === undefined) {
      throw new ProviderRejection('payment-gateway', 'authorization-not-found', `No authorization ${authorizationId}`, {
        authorizationId,
      });
    }
    return auth;
  }

  private checkExpiry(month: number, year: number, last4: string): void {
    if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year) || year < 2000 || year > 2100) {
      throw decline('invalid-expiry-date', 'The expiry date is not valid', last4);
    }
    const now = this.clock();
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
    if (year * 12 + month < current) throw decline('expired-card', 'The card has expired', last4);
  }
}

function decline(code: PaymentDeclineCode, message: string, cardLast4: string): ProviderRejection {
  return new ProviderRejection('payment-gateway', code, message, { declineCode: code, cardLast4 });
}

function alreadyCaptured(authorizationId: string): ProviderRejection {
  return new ProviderRejection('payment-gateway', 'authorization-already-captured', 'The authorization was already captured', {
    authorizationId,
  });
}
