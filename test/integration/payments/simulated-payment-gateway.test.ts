import { describe, expect, it } from 'vitest';
import { ProviderRejection, TransientProviderError } from '../../../shared/domain/kernel/provider-errors';
import { seededRandom } from '../../../shared/adapters/simulation';
import type { AuthorizeRequest, Capture } from '../../../shared/domain/payments/payment-gateway';
import {
  SimulatedPaymentGateway,
  TEST_CARDS,
  type SimulatedPaymentGatewayOptions,
} from '../../../shared/adapters/simulated-payment-gateway';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('sim_gateway');
const NOW = new Date('2026-03-15T10:00:00.000Z');

let collections = 0;
/** A gateway of its own (a fresh collection), so that tests do not share idempotency keys. */
const freshCollection = () => `sim_payment_gateway_${++collections}`;

type SetupOptions = Partial<SimulatedPaymentGatewayOptions> & { readonly seed?: number };

function setup(options: SetupOptions = {}) {
  const sleeps: number[] = [];
  const { seed, ...rest } = options;
  const gateway = new SimulatedPaymentGateway({
    db,
    collection: freshCollection(),
    random: seededRandom(seed ?? 7),
    clock: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    slowLatencyMs: 4000,
    ...rest,
  });
  return { gateway, sleeps };
}

/** Two gateways over the same collection: the same provider seen from two worker processes. */
function twoProcesses(options: SetupOptions = {}) {
  const collection = freshCollection();
  const { gateway: first } = setup({ seed: 1, ...options, collection });
  const { gateway: second } = setup({ seed: 2, ...options, collection });
  return { first, second };
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
    expect(await gateway.listAuthorizations()).toEqual([
      expect.objectContaining({ authorizationId: auth.authorizationId, orderId: 'ord-1', status: 'authorized' }),
    ]);
  });

  it('stores no full card number anywhere in its collection', async () => {
    const collection = freshCollection();
    const { gateway } = setup({ collection });
    await gateway.authorize(request(TEST_CARDS.visa));
    await rejectionOf(gateway.authorize(request(TEST_CARDS.genericDecline, 'declined')));
    const stored = JSON.stringify(await db.collection(collection).find().toArray());
    expect(stored).toContain('4242');
    expect(stored).not.toContain(TEST_CARDS.visa);
    expect(stored).not.toContain(TEST_CARDS.genericDecline);
  });

  it('returns the first result for a repeated idempotency key and charges once', async () => {
    const { gateway } = setup();
    const first = await gateway.authorize(request(TEST_CARDS.visa));
    const second = await gateway.authorize(request(TEST_CARDS.visa));
    expect(second).toEqual(first);
    expect(await gateway.listAuthorizations()).toHaveLength(1);
    expect(await gateway.authorizeAttempts('authorize-ord-1')).toBe(2);
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
    const replayed = await rejectionOf(gateway.authorize(request(card)));
    expect(replayed).toMatchObject({ code, provider: 'payment-gateway', message: rejection.message, details: rejection.details });
    expect(await gateway.listAuthorizations()).toHaveLength(0);
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
    expect(await gateway.listAuthorizations()).toHaveLength(2);
    expect(await gateway.authorizeAttempts('k1')).toBe(3);
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
    expect(await gateway.listAuthorizations()).toHaveLength(40);
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
    expect(await gateway.listAuthorizations()).toEqual([
      expect.objectContaining({ status: 'captured', captureId: capture.captureId }),
    ]);

    const refund = await gateway.refund({ idempotencyKey: 'refund-ord-1', captureId: capture.captureId });
    expect(refund).toMatchObject({ captureId: capture.captureId, amountCents: 4848 });
    expect(await gateway.refund({ idempotencyKey: 'refund-ord-1', captureId: capture.captureId })).toEqual(refund);
    expect((await rejectionOf(gateway.refund({ idempotencyKey: 'again', captureId: capture.captureId }))).code).toBe(
      'capture-already-refunded',
    );
    expect((await gateway.listAuthorizations())[0]).toMatchObject({
      status: 'refunded',
      captureId: capture.captureId,
      refundId: refund.refundId,
    });
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
    expect((await gateway.listAuthorizations())[0]?.status).toBe('voided');
  });

  it('refuses unknown authorizations and captures', async () => {
    const { gateway } = setup();
    expect((await rejectionOf(gateway.capture({ idempotencyKey: 'c', authorizationId: 'auth_nope' }))).code).toBe(
      'authorization-not-found',
    );
    expect((await rejectionOf(gateway.refund({ idempotencyKey: 'r', captureId: 'cap_nope' }))).code).toBe('capture-not-found');
  });

  it('does not take an authorization id for a capture id, nor the reverse', async () => {
    const { gateway } = setup();
    const auth = await gateway.authorize(request(TEST_CARDS.visa));
    const capture = await gateway.capture({ idempotencyKey: 'c', authorizationId: auth.authorizationId });
    expect((await rejectionOf(gateway.refund({ idempotencyKey: 'r', captureId: auth.authorizationId }))).code).toBe(
      'capture-not-found',
    );
    expect((await rejectionOf(gateway.capture({ idempotencyKey: 'c2', authorizationId: capture.captureId }))).code).toBe(
      'authorization-not-found',
    );
  });
});

describe('SimulatedPaymentGateway: shared by several processes', () => {
  it('captures on one instance what another authorized, and both see the result', async () => {
    const { first, second } = twoProcesses();
    const auth = await first.authorize(request(TEST_CARDS.visa));
    const capture = await second.capture({ idempotencyKey: 'capture-ord-1', authorizationId: auth.authorizationId });
    expect(capture).toMatchObject({ authorizationId: auth.authorizationId, amountCents: 4848 });
    // A retry landing on the other process replays the same answer.
    expect(await first.capture({ idempotencyKey: 'capture-ord-1', authorizationId: auth.authorizationId })).toEqual(capture);
    expect(await first.authorize(request(TEST_CARDS.visa))).toEqual(auth);
    for (const gateway of [first, second]) {
      expect(await gateway.listAuthorizations()).toEqual([
        expect.objectContaining({ authorizationId: auth.authorizationId, status: 'captured', captureId: capture.captureId }),
      ]);
    }
    await expect(first.refund({ idempotencyKey: 'refund-ord-1', captureId: capture.captureId })).resolves.toMatchObject({
      captureId: capture.captureId,
    });
  });

  it('finds its authorizations again after a restart (a new instance over the same collection)', async () => {
    const collection = freshCollection();
    const { gateway: beforeCrash } = setup({ collection, seed: 5 });
    const auth = await beforeCrash.authorize(request(TEST_CARDS.visa));
    const { gateway: afterRestart } = setup({ collection, seed: 5 });
    await expect(
      afterRestart.capture({ idempotencyKey: 'capture-ord-1', authorizationId: auth.authorizationId }),
    ).resolves.toMatchObject({ authorizationId: auth.authorizationId });
  });

  it('counts the attempts of a key across processes', async () => {
    const { first, second } = twoProcesses({ flakyAttempts: 2 });
    await expect(first.authorize(request(TEST_CARDS.flaky))).rejects.toBeInstanceOf(TransientProviderError);
    await expect(second.authorize(request(TEST_CARDS.flaky))).rejects.toBeInstanceOf(TransientProviderError);
    await expect(first.authorize(request(TEST_CARDS.flaky))).resolves.toMatchObject({ cardLast4: '0119' });
    expect(await second.authorizeAttempts('authorize-ord-1')).toBe(3);
  });

  it('never hands out one authorization id twice, even from instances seeded alike', async () => {
    const { first, second } = twoProcesses({ seed: 9 });
    const a = await first.authorize(request(TEST_CARDS.visa, 'a'));
    const b = await second.authorize(request(TEST_CARDS.visa, 'b'));
    expect(b.authorizationId).not.toBe(a.authorizationId);
    await first.capture({ idempotencyKey: 'capture-a', authorizationId: a.authorizationId });
    await second.voidAuthorization({ idempotencyKey: 'void-b', authorizationId: b.authorizationId });
    expect((await first.listAuthorizations()).map((x) => [x.authorizationId, x.status])).toEqual([
      [a.authorizationId, 'captured'],
      [b.authorizationId, 'voided'],
    ]);
  });

  it('captures exactly once when captures with different keys race over two processes', async () => {
    const { first, second } = twoProcesses();
    const auth = await first.authorize(request(TEST_CARDS.visa));
    const attempts = Array.from({ length: 10 }, (_, i) =>
      (i % 2 === 0 ? first : second).capture({ idempotencyKey: `capture-${i}`, authorizationId: auth.authorizationId }),
    );
    const results = await Promise.allSettled(attempts);
    const captured = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(captured).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const err of refused) expect(err).toMatchObject({ code: 'authorization-already-captured' });
    const [capture] = captured as [Capture];
    expect(await second.listAuthorizations()).toEqual([
      expect.objectContaining({ status: 'captured', captureId: capture.captureId }),
    ]);
    // A refused key stays refused; the winner's key replays its capture.
    const loser = results.findIndex((r) => r.status === 'rejected');
    expect(
      (await rejectionOf(first.capture({ idempotencyKey: `capture-${loser}`, authorizationId: auth.authorizationId }))).code,
    ).toBe('authorization-already-captured');
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect(await second.capture({ idempotencyKey: `capture-${winner}`, authorizationId: auth.authorizationId })).toEqual(capture);
  });

  it('lets exactly one of racing captures and voids win', async () => {
    const { first, second } = twoProcesses();
    const auth = await first.authorize(request(TEST_CARDS.visa));
    const { authorizationId } = auth;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i): Promise<unknown> =>
        i % 2 === 0
          ? first.capture({ idempotencyKey: `capture-${i}`, authorizationId })
          : second.voidAuthorization({ idempotencyKey: `void-${i}`, authorizationId }),
      ),
    );
    const [stored] = await first.listAuthorizations();
    const status = stored?.status;
    expect(status === 'captured' || status === 'voided').toBe(true);
    const succeeded = results.map((r, i) => (r.status === 'fulfilled' ? (i % 2 === 0 ? 'capture' : 'void') : undefined));
    if (status === 'captured') {
      // One capture; every void and every other capture is refused.
      expect(succeeded.filter((s) => s !== undefined)).toEqual(['capture']);
    } else {
      // No capture; the voids all succeed (voiding a voided authorization is fine).
      expect(succeeded).toEqual([undefined, 'void', undefined, 'void', undefined, 'void', undefined, 'void']);
    }
  });

  it('authorizes once when the same key is sent concurrently to two processes', async () => {
    const { first, second } = twoProcesses();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? first : second).authorize(request(TEST_CARDS.visa))),
    );
    for (const result of results) expect(result).toEqual(results[0]);
    expect(await first.listAuthorizations()).toEqual([
      expect.objectContaining({ authorizationId: results[0]?.authorizationId, status: 'authorized' }),
    ]);
    await expect(
      second.capture({ idempotencyKey: 'capture', authorizationId: results[0]?.authorizationId ?? '' }),
    ).resolves.toMatchObject({ amountCents: 4848 });
  });
});

describe('SimulatedPaymentGateway: what a compensation asks, and a crash between acting and recording', () => {
  it('lists every authorization made for an order, with where it stands', async () => {
    const { first, second } = twoProcesses();
    const a = await first.authorize(request(TEST_CARDS.visa, 'a'));
    const b = await second.authorize(request(TEST_CARDS.visa, 'b'));
    const capture = await first.capture({ idempotencyKey: 'capture-a', authorizationId: a.authorizationId });
    await second.voidAuthorization({ idempotencyKey: 'void-b', authorizationId: b.authorizationId });
    expect(await second.findAuthorizations({ orderId: 'ord-1' })).toEqual([
      expect.objectContaining({ authorizationId: a.authorizationId, orderId: 'ord-1', status: 'captured', capture }),
      expect.objectContaining({ authorizationId: b.authorizationId, status: 'voided' }),
    ]);
    expect(await first.findAuthorizations({ orderId: 'ord-other' })).toEqual([]);
  });

  it('authorizes once when a call crashed after acting and before recording its answer, and is retried', async () => {
    const collection = freshCollection();
    const { gateway } = setup({ collection });
    const first = await gateway.authorize(request(TEST_CARDS.visa, 'crashy'));
    // The crash: the authorization exists, the idempotency record of its call does not.
    await db.collection(collection).deleteOne({ _id: 'authorize:crashy' as never });
    const retried = await gateway.authorize(request(TEST_CARDS.visa, 'crashy'));
    expect(retried).toEqual(first);
    expect(await gateway.listAuthorizations()).toHaveLength(1);
    expect(await gateway.findAuthorizations({ orderId: 'ord-1' })).toEqual([expect.objectContaining({ authorizationId: first.authorizationId, status: 'authorized' })]);
  });

  it('declines the capture of the capture-declined test card', async () => {
    const { gateway } = setup();
    const auth = await gateway.authorize(request(TEST_CARDS.captureDeclined));
    expect((await rejectionOf(gateway.capture({ idempotencyKey: 'c', authorizationId: auth.authorizationId }))).code).toBe('capture-declined');
    await expect(gateway.voidAuthorization({ idempotencyKey: 'v', authorizationId: auth.authorizationId })).resolves.toMatchObject({ authorizationId: auth.authorizationId });
  });

  it('refuses voids and refunds while reversals are suspended, and accepts the same call once resumed', async () => {
    const { gateway } = setup();
    const auth = await gateway.authorize(request(TEST_CARDS.visa));
    await gateway.suspendReversals('under review');
    expect((await rejectionOf(gateway.voidAuthorization({ idempotencyKey: 'v', authorizationId: auth.authorizationId }))).code).toBe('reversals-suspended');
    await gateway.resumeReversals();
    await expect(gateway.voidAuthorization({ idempotencyKey: 'v', authorizationId: auth.authorizationId })).resolves.toMatchObject({ authorizationId: auth.authorizationId });
  });
});
