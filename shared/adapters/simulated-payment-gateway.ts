import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import type { Currency } from '../domain/kernel/money';
import { ProviderRejection, TransientProviderError } from '../domain/kernel/provider-errors';
import {
  creationOrder,
  IdempotencyRecord,
  keyedId,
  OrderReferences,
  pickLatency,
  simulateCall,
  SimulatorStore,
  transitionId,
  type CreationOrder,
  type SimulatedCallOptions,
  type SimulatorDocument,
  type TransitionDocument,
} from './simulated-provider';
import { randomId, realSleep, systemClock, type Clock, type LatencyRange, type Random, type Sleep } from './simulation';
import { CardNumber, passesLuhn } from '../domain/payments/card-number';
import type {
  AuthorizeRequest,
  Authorization,
  AuthorizationRecord,
  Capture,
  CaptureRequest,
  PaymentDeclineCode,
  PaymentGateway,
  Refund,
  RefundRequest,
  VoidedAuthorization,
  VoidRequest,
} from '../domain/payments/payment-gateway';
import type { PartialRefundRequest, PartialRefunds } from '../domain/payments/partial-refunds';
import { RefundLedger } from './simulated-refund-ledger';

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
  /** Authorized and captured; a partial refund to it is refused with 'expired-card' (it expired since the purchase). */
  refundRefused: '4000000000005126',
  /** Authorized, but its capture is refused ('capture-declined'). */
  captureDeclined: '4000000000000341',
} as const;

const SCRIPTED_DECLINES: ReadonlyMap<string, PaymentDeclineCode> = new Map([
  [TEST_CARDS.genericDecline, 'card-declined'],
  [TEST_CARDS.insufficientFunds, 'insufficient-funds'],
  [TEST_CARDS.expired, 'expired-card'],
]);

export interface SimulatedPaymentGatewayOptions {
  /** Where the gateway keeps its state: every instance over the same collection is the same gateway. */
  readonly db: Db;
  /** Default 'sim_payment_gateway'. */
  readonly collection?: string;
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

type AuthorizationStatus = 'authorized' | 'captured' | 'voided' | 'refunded';

/** What the simulator holds about one authorization (for tests and diagnostics). */
export interface SimulatedAuthorization {
  readonly authorizationId: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly cardLast4: string;
  readonly status: AuthorizationStatus;
  readonly captureId?: string;
  readonly refundId?: string;
}

/**
 * `_id` = authorizationId, derived from the authorize call's idempotency key: inserting it is
 * the authorization and carries the call's answer, so a call that crashed after it and is retried
 * finds it again instead of authorizing twice. Immutable: the status is the chain of transition
 * claims. (Documents of earlier versions, without `authorization`, count once their call recorded them.)
 */
interface AuthorizationDocument extends SimulatorDocument, CreationOrder {
  readonly type: 'authorization';
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: Currency;
  readonly cardLast4: string;
  readonly authorizeKey: string;
  readonly fingerprint?: string;
  readonly authorization?: Authorization;
  /** Made with the capture-declined test card. */
  readonly captureDeclined?: boolean;
}

/** `_id` = captureId; valid only if the authorization's capture claim names it. */
interface CaptureDocument extends SimulatorDocument {
  readonly type: 'capture';
  readonly authorizationId: string;
}

/** `_id` = refundId, reserved so that no two refunds share an id. */
interface RefundDocument extends SimulatorDocument {
  readonly type: 'refund';
  readonly captureId: string;
}

/** `transition:<authorizationId>:authorized`. */
type AuthorizedExit =
  | (TransitionDocument<AuthorizationStatus> & { readonly to: 'captured'; readonly capture: Capture })
  | (TransitionDocument<AuthorizationStatus> & { readonly to: 'voided'; readonly voided: VoidedAuthorization });

/** `settings:reversals`: while suspended, voids and refunds are refused (an operator lifts it). Read on each reversal. */
interface ReversalSettingsDocument extends SimulatorDocument {
  readonly type: 'settings';
  readonly suspended: boolean;
  readonly reason?: string;
}

const REVERSAL_SETTINGS_ID = 'settings:reversals';

/** `transition:<authorizationId>:captured`. */
type CapturedExit = TransitionDocument<AuthorizationStatus> & { readonly to: 'refunded'; readonly refund: Refund };

/**
 * A card gateway that behaves like a real one: idempotency keys, scripted declines,
 * transient failures, latency. Its state is in MongoDB (see SimulatorStore), so every worker
 * process sees the same authorizations and a restarted worker finds them again. It never
 * keeps a full card number.
 */
export class SimulatedPaymentGateway implements PaymentGateway, PartialRefunds {
  private readonly store: SimulatorStore;
  private readonly random: Random;
  private readonly clock: Clock;
  private readonly latency: LatencyRange;
  private readonly slowLatencyMs: number;
  private readonly flakyAttempts: number;
  private readonly call: SimulatedCallOptions;

  private readonly authorizeCalls: IdempotencyRecord<Authorization>;
  private readonly captureCalls: IdempotencyRecord<Capture>;
  private readonly voidCalls: IdempotencyRecord<VoidedAuthorization>;
  private readonly refundCalls: IdempotencyRecord<Refund>;
  private readonly partialRefundCalls: IdempotencyRecord<Refund>;
  private readonly refundLedger: RefundLedger;
  private readonly orderAuthorizations: OrderReferences;

  constructor(options: SimulatedPaymentGatewayOptions) {
    this.store = new SimulatorStore(options.db, options.collection ?? 'sim_payment_gateway');
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
    this.authorizeCalls = new IdempotencyRecord(this.store, 'payment-gateway', 'authorize');
    this.captureCalls = new IdempotencyRecord(this.store, 'payment-gateway', 'capture');
    this.voidCalls = new IdempotencyRecord(this.store, 'payment-gateway', 'void');
    this.refundCalls = new IdempotencyRecord(this.store, 'payment-gateway', 'refund');
    this.partialRefundCalls = new IdempotencyRecord(this.store, 'payment-gateway', 'refund-part');
    this.refundLedger = new RefundLedger(this.store);
    this.orderAuthorizations = new OrderReferences(this.store, 'authorization');
  }

  authorize(request: AuthorizeRequest): Promise<Authorization> {
    const { idempotencyKey, ...rest } = request;
    const number = request.card.number.replace(/[\s-]/g, '');
    const latency = number === TEST_CARDS.slow ? this.slowLatencyMs : pickLatency(this.random, this.latency);
    // The idempotency record compares requests; it keeps a digest, not the card number.
    const fingerprint = { ...rest, card: { ...rest.card, number: createHash('sha256').update(number).digest('hex') } };
    const fingerprintText = JSON.stringify(fingerprint);
    return simulateCall(this.call, this.authorizeCalls, idempotencyKey, fingerprint, latency, async (attempt) => {
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

      const authorizationId = keyedId('auth_', 'authorize', idempotencyKey);
      // Referenced from its order first, so no authorization exists that a compensation cannot find.
      await this.orderAuthorizations.add(request.orderId, authorizationId);
      const authorization: Authorization = {
        authorizationId,
        amountCents: request.amountCents,
        currency: request.currency,
        cardLast4: card.last4,
        cardBrand: card.brand,
        authorizedAt: this.clock().toISOString(),
      };
      const { doc } = await this.store.insertOrGet<AuthorizationDocument>({
        _id: authorizationId,
        type: 'authorization',
        orderId: request.orderId,
        amountCents: request.amountCents,
        currency: request.currency,
        cardLast4: card.last4,
        authorizeKey: idempotencyKey,
        fingerprint: fingerprintText,
        authorization,
        ...(card.digits === TEST_CARDS.captureDeclined ? { captureDeclined: true } : {}),
        ...creationOrder(),
      });
      if (doc.fingerprint !== fingerprintText || doc.authorization === undefined) {
        throw new ProviderRejection('payment-gateway', 'idempotency-key-reused', 'This idempotency key was used for a different request', { idempotencyKey });
      }
      return doc.authorization;
    });
  }

  capture(request: CaptureRequest): Promise<Capture> {
    const { idempotencyKey, ...rest } = request;
    const claimedBy = this.captureCalls.recordId(idempotencyKey);
    return simulateCall(this.call, this.captureCalls, idempotencyKey, rest, pickLatency(this.random, this.latency), async () => {
      const auth = await this.authorization(request.authorizationId);
      if (auth.captureDeclined) throw new ProviderRejection('payment-gateway', 'capture-declined', 'The issuer declined the capture', { authorizationId: auth._id });
      return this.store.claimTransition<AuthorizedExit, Capture>({ entityId: auth._id, from: 'authorized', claimedBy }, async () => {
        const captureId = await this.store.insertWithFreshId(
          () => randomId(this.random, 'cap'),
          (id): CaptureDocument => ({ _id: id, type: 'capture', authorizationId: auth._id }),
        );
        const capture: Capture = { captureId, authorizationId: auth._id, amountCents: auth.amountCents, currency: auth.currency, capturedAt: this.clock().toISOString() };
        return { to: 'captured', capture };
      }, (exit) => captureAfter(exit, claimedBy));
    });
  }

  voidAuthorization(request: VoidRequest): Promise<VoidedAuthorization> {
    const { idempotencyKey, ...rest } = request;
    const claimedBy = this.voidCalls.recordId(idempotencyKey);
    return this.unlessReversalsSuspended(() => simulateCall(this.call, this.voidCalls, idempotencyKey, rest, pickLatency(this.random, this.latency), async () => {
      const auth = await this.authorization(request.authorizationId);
      return this.store.claimTransition<AuthorizedExit, VoidedAuthorization>(
        { entityId: auth._id, from: 'authorized', claimedBy },
        async () => ({ to: 'voided', voided: { authorizationId: auth._id, voidedAt: this.clock().toISOString() } }),
        (exit) => this.voidAfter(exit, claimedBy),
      );
    }));
  }

  refund(request: RefundRequest): Promise<Refund> {
    const { idempotencyKey, ...rest } = request;
    const claimedBy = this.refundCalls.recordId(idempotencyKey);
    return this.unlessReversalsSuspended(() => simulateCall(this.call, this.refundCalls, idempotencyKey, rest, pickLatency(this.random, this.latency), async () => {
      const capture = await this.existingCapture(request.captureId);
      return this.store.claimTransition<CapturedExit, Refund>({ entityId: capture.authorizationId, from: 'captured', claimedBy }, async () => {
        const refundId = await this.store.insertWithFreshId(
          () => randomId(this.random, 'ref'),
          (id): RefundDocument => ({ _id: id, type: 'refund', captureId: capture.captureId }),
        );
        const refund: Refund = { refundId, captureId: capture.captureId, amountCents: capture.amountCents, currency: capture.currency, refundedAt: this.clock().toISOString() };
        return { to: 'refunded', refund };
      }, (exit) => refundAfter(exit, claimedBy));
    }));
  }

  /** Part of a capture back to the card (returns); the partial refunds of a capture are a chain of slots (RefundLedger). */
  refundPart(request: PartialRefundRequest): Promise<Refund> {
    const { idempotencyKey, ...rest } = request;
    const claimedBy = this.partialRefundCalls.recordId(idempotencyKey);
    return simulateCall(this.call, this.partialRefundCalls, idempotencyKey, rest, pickLatency(this.random, this.latency), async () => {
      const capture = await this.existingCapture(request.captureId);
      const auth = await this.authorization(capture.authorizationId);
      if (auth.cardLast4 === TEST_CARDS.refundRefused.slice(-4)) throw decline('expired-card', 'The card has expired since the purchase: it cannot be credited', auth.cardLast4);
      if (await this.store.get<CapturedExit>(transitionId(auth._id, 'captured'))) {
        throw new ProviderRejection('payment-gateway', 'capture-already-refunded', 'The capture was already refunded in full', { captureId: capture.captureId });
      }
      return this.refundLedger.refund(capture, request.amountCents, claimedBy, () => this.clock().toISOString(), () => this.store.insertWithFreshId(
        () => randomId(this.random, 'ref'),
        (id): RefundDocument => ({ _id: id, type: 'refund', captureId: capture.captureId }),
      ));
    });
  }

  /** All authorizations the gateway made, in creation order. Scans the collection: for tests and diagnostics. */
  async listAuthorizations(): Promise<readonly SimulatedAuthorization[]> {
    const authorizations: SimulatedAuthorization[] = [];
    for (const doc of await this.store.listOfType<AuthorizationDocument>('authorization')) {
      if (await this.isMade(doc)) authorizations.push(await this.describe(doc));
    }
    return authorizations;
  }

  async findAuthorizations({ orderId }: { readonly orderId: string }): Promise<readonly AuthorizationRecord[]> {
    const records: AuthorizationRecord[] = [];
    for (const id of await this.orderAuthorizations.list(orderId)) {
      const doc = await this.store.get<AuthorizationDocument>(id);
      const made = doc?.type === 'authorization' ? await this.made(doc) : undefined;
      if (!doc || !made) continue;
      const exit = await this.store.get<AuthorizedExit>(transitionId(doc._id, 'authorized'));
      const base = { ...made, orderId: doc.orderId };
      if (exit === undefined) records.push({ ...base, status: 'authorized' });
      else if (exit.to === 'voided') records.push({ ...base, status: 'voided' });
      else {
        const refunded = await this.store.get<CapturedExit>(transitionId(doc._id, 'captured'));
        records.push(refunded ? { ...base, status: 'refunded', capture: exit.capture, refund: refunded.refund } : { ...base, status: 'captured', capture: exit.capture });
      }
    }
    return records;
  }

  /**
   * Suspends voids and refunds (say, the merchant account is under review): each is refused with
   * 'reversals-suspended' until `resumeReversals`. For demos and tests of compensations that fail
   * for good and are retried by an operator once the cause is fixed.
   */
  async suspendReversals(reason: string): Promise<void> {
    await this.store.put<ReversalSettingsDocument>({ _id: REVERSAL_SETTINGS_ID, type: 'settings', suspended: true, reason });
  }

  async resumeReversals(): Promise<void> {
    await this.store.put<ReversalSettingsDocument>({ _id: REVERSAL_SETTINGS_ID, type: 'settings', suspended: false });
  }

  /** Refused before the call is executed, so the refusal is not the key's recorded outcome: the same call succeeds once resumed. */
  private async unlessReversalsSuspended<T>(call: () => Promise<T>): Promise<T> {
    const settings = await this.store.get<ReversalSettingsDocument>(REVERSAL_SETTINGS_ID);
    if (settings?.suspended) {
      throw new ProviderRejection('payment-gateway', 'reversals-suspended', `Voids and refunds are suspended${settings.reason ? `: ${settings.reason}` : ''}`);
    }
    return call();
  }

  /** How many calls (including failed ones) used this idempotency key for an authorization. */
  authorizeAttempts(idempotencyKey: string): Promise<number> {
    return this.authorizeCalls.attempts(idempotencyKey);
  }

  private async authorization(authorizationId: string): Promise<AuthorizationDocument> {
    const doc = await this.store.get<AuthorizationDocument>(authorizationId);
    if (doc?.type === 'authorization' && (await this.isMade(doc))) return doc;
    throw new ProviderRejection('payment-gateway', 'authorization-not-found', `No authorization ${authorizationId}`, {
      authorizationId,
    });
  }

  private async isMade(doc: AuthorizationDocument): Promise<boolean> {
    return (await this.made(doc)) !== undefined;
  }

  /** The authorization a document stands for, if it was made. */
  private async made(doc: AuthorizationDocument): Promise<Authorization | undefined> {
    if (doc.authorization) return doc.authorization;
    const recorded = await this.authorizeCalls.storedValue(doc.authorizeKey);
    return recorded?.authorizationId === doc._id ? recorded : undefined;
  }

  /** The capture with this id, if the authorization's capture claim names it. */
  private async existingCapture(captureId: string): Promise<Capture> {
    const doc = await this.store.get<CaptureDocument>(captureId);
    if (doc?.type === 'capture') {
      const exit = await this.store.get<AuthorizedExit>(transitionId(doc.authorizationId, 'authorized'));
      if (exit?.to === 'captured' && exit.capture.captureId === captureId) return exit.capture;
    }
    throw new ProviderRejection('payment-gateway', 'capture-not-found', `No capture ${captureId}`, { captureId });
  }

  private async describe(doc: AuthorizationDocument): Promise<SimulatedAuthorization> {
    const authorization = {
      authorizationId: doc._id,
      orderId: doc.orderId,
      amountCents: doc.amountCents,
      currency: doc.currency,
      cardLast4: doc.cardLast4,
    };
    const exit = await this.store.get<AuthorizedExit>(transitionId(doc._id, 'authorized'));
    if (exit === undefined) return { ...authorization, status: 'authorized' };
    if (exit.to === 'voided') return { ...authorization, status: 'voided' };
    const captureId = exit.capture.captureId;
    const refunded = await this.store.get<CapturedExit>(transitionId(doc._id, 'captured'));
    if (refunded === undefined) return { ...authorization, status: 'captured', captureId };
    return { ...authorization, status: 'refunded', captureId, refundId: refunded.refund.refundId };
  }

  private voidAfter(exit: AuthorizedExit, claimedBy: string): VoidedAuthorization {
    if (exit.to === 'captured') throw alreadyCaptured(exit.entityId);
    if (exit.claimedBy === claimedBy) return exit.voided;
    // Voiding a voided authorization succeeds.
    return { authorizationId: exit.entityId, voidedAt: this.clock().toISOString() };
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

/** The answer to a capture once the authorization has left 'authorized', by this call or another. */
function captureAfter(exit: AuthorizedExit, claimedBy: string): Capture {
  if (exit.to === 'voided') {
    throw new ProviderRejection('payment-gateway', 'authorization-voided', 'The authorization was voided', {
      authorizationId: exit.entityId,
    });
  }
  if (exit.claimedBy !== claimedBy) throw alreadyCaptured(exit.entityId);
  return exit.capture;
}

function refundAfter(exit: CapturedExit, claimedBy: string): Refund {
  if (exit.claimedBy !== claimedBy) {
    throw new ProviderRejection('payment-gateway', 'capture-already-refunded', 'The capture was already refunded', {
      captureId: exit.refund.captureId,
    });
  }
  return exit.refund;
}

function decline(code: PaymentDeclineCode, message: string, cardLast4: string): ProviderRejection {
  return new ProviderRejection('payment-gateway', code, message, { declineCode: code, cardLast4 });
}

function alreadyCaptured(authorizationId: string): ProviderRejection {
  return new ProviderRejection('payment-gateway', 'authorization-already-captured', 'The authorization was already captured', {
    authorizationId,
  });
}
