import { describe, expect, it } from 'vitest';
import { ProviderRejection } from '../../../shared/domain/kernel/provider-errors';
import { seededRandom } from '../../../shared/adapters/simulation';
import { SimulatedPaymentGateway, TEST_CARDS } from '../../../shared/adapters/simulated-payment-gateway';
import { useTestDatabase } from '../../support/mongo';

const { db } = await useTestDatabase('sim_partial_refunds');
let collections = 0;

/** Two gateways over one fresh collection (two worker processes), and a capture of 5000 cents made with `card`. */
async function captured(card: string = TEST_CARDS.visa) {
  const collection = `sim_partial_refunds_${++collections}`;
  const gateway = (seed: number) => new SimulatedPaymentGateway({ db, collection, random: seededRandom(seed), sleep: async () => undefined });
  const [first, second] = [gateway(1), gateway(2)];
  const auth = await first.authorize({ idempotencyKey: 'auth', orderId: 'ord-1', amountCents: 5000, currency: 'USD', card: { number: card, expiryMonth: 12, expiryYear: 2030 } });
  const capture = await first.capture({ idempotencyKey: 'capture', authorizationId: auth.authorizationId });
  return { first, second, capture };
}

async function rejectionOf(promise: Promise<unknown>): Promise<ProviderRejection> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderRejection);
  return err as ProviderRejection;
}

describe('SimulatedPaymentGateway: partial refunds (returns)', () => {
  it('refunds parts of a capture up to what was captured, and a repeated key answers the first refund', async () => {
    const { first, capture } = await captured();
    const part = (key: string, amountCents: number) => first.refundPart({ idempotencyKey: key, captureId: capture.captureId, amountCents, currency: 'USD' });
    const a = await part('return-1', 2000);
    expect(a).toMatchObject({ captureId: capture.captureId, amountCents: 2000 });
    expect(await part('return-1', 2000)).toEqual(a);
    await part('return-2', 2500);
    const over = await rejectionOf(part('return-3', 600));
    expect(over.code).toBe('refund-exceeds-capture');
    expect(over.details).toMatchObject({ remainingCents: 500 });
    expect(await part('return-3b', 500)).toMatchObject({ amountCents: 500 });
  });

  it('two processes refunding at once never refund more than the capture', async () => {
    const { first, second, capture } = await captured();
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) =>
      (i % 2 === 0 ? first : second).refundPart({ idempotencyKey: `return-${i}`, captureId: capture.captureId, amountCents: 1000, currency: 'USD' })));
    const refunded = results.filter((r) => r.status === 'fulfilled');
    expect(refunded).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as ProviderRejection).code)).toEqual(['refund-exceeds-capture']);
  });

  it("refuses a refund to the card whose refunds are refused (it expired since the purchase)", async () => {
    const { first, capture } = await captured(TEST_CARDS.refundRefused);
    const refused = await rejectionOf(first.refundPart({ idempotencyKey: 'return-1', captureId: capture.captureId, amountCents: 100, currency: 'USD' }));
    expect(refused.code).toBe('expired-card');
  });
});
