import { describe, expect, it } from 'vitest';
import { ProviderRejection, TransientProviderError } from '../../../shared/kernel/provider-errors';
import { seededRandom } from '../../../shared/kernel/simulation';
import type { AuthorizeRequest } from '../../../shared/payments/payment-gateway';
import { SimulatedPaymentGateway, TEST_CARDS } from '../../../shared/payments/simulated-payment-gateway';

const NOW = new Date('2026-03-15T10:00:00.000Z');

function setup(options: { transientFailureRate?: number; flakyAttempts?: number; seed?: number } = {}) {
  const sleeps: number[] = [];
  const gateway = new SimulatedPaymentGateway({
    random: seededRandom(options.seed ?? 7),
    clock: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    slowLatencyMs: 4000,
    ...options,
  });
  return { gateway, sleeps };
}

const request = (card: string, key = 'authorize-ord-1', amountCents = 4848): AuthorizeRequest => ({
  idempotencyKey: key,
  orderId: 'ord-1',
  amountCents,
  currency: 'USD',
  card: { number: card, expiryMonth: 12, expiryYear: 2030 },
});

async function rejectionOf(promise: Promise<unknown>): Promise<ProviderRejection> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderRejection);
  return err as ProviderRejection;
}

describe('SimulatedPaymentGateway: authorize', () => {
  it('authorizes a good card and keeps only its last four digits', async () => {
    const { gateway } = setup();
    const auth = await gateway.authorize(request(TEST_CARDS.visa));
    expect(auth).toMatchObject({
      amountCents: 4848,
      currency: 'USD',
      cardLast4: '4242',
      cardBrand: 'visa',
      authorizedAt: NOW.toISOString(),
    });
    expect(auth.authorizationId).toMatch(/^auth_[0-9a-z]{16}$/);
    expect(gateway.listAuthorizations()).toEqual([
      expect.objectContaining({ authorizationId: auth.authorizationId, orderId: 'ord-1', status: 'authorized' }),
    ]);
    expect(JSON.stringify(gateway.listAuthorizations())).not.toContain(TEST_CARDS.visa);
  });

  it('returns the first result for a repeated idempotency key and charges once', async () => {
    const { gateway } = setup();
    const first = await gateway.authorize(request(TEST_CARDS.visa));
    const second = await gateway.authorize(request(TEST_CARDS.visa));
    expect(second).toEqual(first);
    expect(gateway.listAuthorizations()).toHaveLength(1);
    expect(gateway.authorizeAttempts('authorize-ord-1')).toBe(2);
  });

  it('refuses a reused idempotency key with a different request', async () => {
    const { gateway } = setup();
    await gateway.authorize(request(TEST_CARDS.visa));
    const rejection = await rejectionOf(gateway.authorize(request(TEST_CARDS.visa, 'authorize-ord-1', 100)));
    expect(rejection.code).toBe('idempotency-key-reused');
  });

  it('refuses an empty idempotency key', async () => {
    const { gateway } = setup();
    expect((await rejectionOf(gateway.authorize(request(TEST_CARDS.visa, '')))).code).toBe('invalid-idempotency-key');
  });

  it.each([
    [TEST_CARDS.genericDecline, 'card-declined'],
    [TEST_CARDS.insufficientFunds, 'insufficient-funds'],
    [TEST_CARDS.expired, 'expired-card'],
    ['4242424242424241', 'invalid-card-number'],
  ])('declines %s with %s, permanently', async (card, code) => {
    const { gateway } = setup();
    const rejection = await rejectionOf(gateway.authorize(request(card)));
    expect(rejection).toMatchObject({ code, provider: 'payment-gateway', retryable: false });
    expect(rejection.details).toEqual({ declineCode: code, cardLast4: card.slice(-4) });
    // The same key replays the same refusal.
    expect(await rejectionOf(gateway.authorize(request(card)))).toBe(rejection);
    expect(gateway.listAuthorizations()).toHaveLength(0);
  });

  it('declines a card whose expiry month has passed, accepts one expiring this month', async () => {
    const { gateway } = setup();
    const past = { ...request(TEST_CARDS.visa, 'k1'), card: { number: TEST_CARDS.visa, expiryMonth: 2, expiryYear: 2026 } };
    expect((await rejectionOf(gateway.authorize(past))).code).toBe('expired-card');
    const current = { ...request(TEST_CARDS.visa, 'k2'), card: { number: TEST_CARDS.visa, expiryMonth: 3, expiryYear: 2026 } };
    await expect(gateway.authorize(current)).resolves.toMatchObject({ cardLast4: '4242' });
  });

  it('declines an impossible expiry month', async () => {
    const { gateway } = setup();
    const bad = { ...request(TEST_CARDS.visa), card: { number: TEST_CARDS.visa, expiryMonth: 13, expiryYear: 2030 } };
    expect((await rejectionOf(gateway.authorize(bad))).code).toBe('invalid-expiry-date');
  });

  it('refuses a non-positive amount', async () => {
    const { gateway } = setup();
    expect((await rejectionOf(gateway.authorize(request(TEST_CARDS.visa, 'k', 0)))).code).toBe('invalid-amount');
  });

  it('fails the flaky card transiently on the first attempts of each key, then authorizes', async () => {
    const { gateway } = setup({ flakyAttempts: 2 });
    for (const key of ['k1', 'k2']) {
      for (let attempt = 1; attempt <= 2; attempt++) {
        const err = await gateway.authorize(request(TEST_CARDS.flaky, key)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(TransientProviderError);
        expect(err).toMatchObject({ retryable: true, provider: 'payment-gateway' });
      }
      await expect(gateway.authorize(request(TEST_CARDS.flaky, key))).resolves.toMatchObject({ cardLast4: '0119' });
    }
    expect(gateway.listAuthorizations()).toHaveLength(2);
  });

  it('answers within the configured latency, and slowly for the slow card', async () => {
    const { gateway, sleeps } = setup();
    for (let i = 0; i < 20; i++) await gateway.authorize(request(TEST_CARDS.visa, `k${i}`));
    expect(sleeps.every((ms) => ms >= 20 && ms <= 80)).toBe(true);
    expect(new Set(sleeps).size).toBeGreaterThan(1);
    await gateway.authorize(request(TEST_CARDS.slow, 'slow'));
    expect(sleeps.at(-1)).toBe(4000);
  });

  it('never charges twice when retrying through random outages, including lost responses', async () => {
    const { gateway } = setup({ transientFailureRate: 0.5, seed: 42 });
    const messages = new Set<string>();
    for (let order = 0; order < 40; order++) {
      for (;;) {
        try {
          await gateway.authorize({ ...request(TEST_CARDS.visa, `authorize-${order}`), orderId: `ord-${order}` });
          break;
        } catch (err) {
          expect(err).toBeInstanceOf(TransientProviderError);
          messages.add((err as Error).message);
        }
      }
    }
    expect(gateway.listAuthorizations()).toHaveLength(40);
    expect([...messages].some((m) => m.includes('response was lost'))).toBe(true);
    expect([...messages].some((m) => m.includes('did not reach'))).toBe(true);
  });

  it('is deterministic for a given seed', async () => {
    const ids = async () => {
      const { gateway } = setup({ seed: 3 });
      return [
        (await gateway.authorize(request(TEST_CARDS.visa, 'a'))).authorizationId,
        (await gateway.authorize(request(TEST_CARDS.visa, 'b'))).authorizationId,
      ];
    };
    expect(await ids()).toEqual(await ids());
  });
});

describe('SimulatedPaymentGateway: capture, void, refund', () => {
  it('captures, then refunds, each once', async () => {
    const { gateway } = setup();
    const auth = await gateway.authorize(request(TEST_CARDS.visa));
    const capture = await gateway.capture({ idempotencyKey: 'capture-ord-1', authorizationId: auth.authorizationId });
    expect(capture).toMatchObject({ authorizationId: auth.authorizationId, amountCents: 4848, currency: 'USD' });
    expect(await gateway.capture({ idempotencyKey: 'capture-ord-1', authorizationId: auth.authorizationId })).toEqual(capture);
    expect(
      (await rejectionOf(gateway.capture({ idempotencyKey: 'other', authorizationId: auth.authorizationId }))).code,
    ).toBe('authorization-already-captured');
    expect(
      (await rejectionOf(gateway.voidAuthorization({ idempotencyKey: 'void', authorizationId: auth.authorizationId }))).code,
    ).toBe('authorization-already-captured');

    const refund = await gateway.refund({ idempotencyKey: 'refund-ord-1', captureId: capture.captureId });
    expect(refund).toMatchObject({ captureId: capture.captureId, amountCents: 4848 });
    expect(await gateway.refund({ idempotencyKey: 'refund-ord-1', captureId: capture.captureId })).toEqual(refund);
    expect((await rejectionOf(gateway.refund({ idempotencyKey: 'again', captureId: capture.captureId }))).code).toBe(
      'capture-already-refunded',
    );
    expect(gateway.listAuthorizations()[0]).toMatchObject({ status: 'refunded', refundId: refund.refundId });
  });

  it('voids an authorization, idempotently, and then refuses to capture it', async () => {
    const { gateway } = setup();
    const auth = await gateway.authorize(request(TEST_CARDS.visa));
    const voided = await gateway.voidAuthorization({ idempotencyKey: 'void-1', authorizationId: auth.authorizationId });
    expect(voided).toEqual({ authorizationId: auth.authorizationId, voidedAt: NOW.toISOString() });
    await expect(
      gateway.voidAuthorization({ idempotencyKey: 'void-2', authorizationId: auth.authorizationId }),
    ).resolves.toMatchObject({ authorizationId: auth.authorizationId });
    expect((await rejectionOf(gateway.capture({ idempotencyKey: 'c', authorizationId: auth.authorizationId }))).code).toBe(
      'authorization-voided',
    );
  });

  it('refuses unknown authorizations and captures', async () => {
    const { gateway } = setup();
    expect((await rejectionOf(gateway.capture({ idempotencyKey: 'c', authorizationId: 'auth_nope' }))).code).toBe(
      'authorization-not-found',
    );
    expect((await rejectionOf(gateway.refund({ idempotencyKey: 'r', captureId: 'cap_nope' }))).code).toBe('capture-not-found');
  });
});
