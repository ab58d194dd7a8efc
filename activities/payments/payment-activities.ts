import { ApplicationFailure } from '@temporalio/activity';
import { isProviderRejection } from '../../shared/domain/kernel/provider-errors';
import type { CardVault } from '../../shared/adapters/card-vault';
import { isPaymentDeclineCode, type AuthorizationRecord, type PaymentGateway } from '../../shared/domain/payments/payment-gateway';
import type { PaymentCommand } from '../../shared/domain/payments/payment/payment-commands';
import { paymentDecider } from '../../shared/domain/payments/payment/payment-decider';
import { paymentStreamId } from '../../shared/domain/payments/payment/payment-stream';
import type { CompensationResult, OrderFulfilmentActivities } from '../ordering/order-fulfilment-activities';
import { clip } from '../ordering/order-activities';
import type { CommandRunner } from '../kernel/command-runner';

type PaymentActivities = Pick<OrderFulfilmentActivities, 'authorizePayment' | 'voidPayment' | 'capturePayment' | 'refundPayment'>;

/**
 * Gateway idempotency keys name the business operation (the order, the authorization, the
 * capture), not the activity invocation: whichever attempt, re-run or compensation asks again
 * gets the gateway's first answer.
 */
const keys = {
  authorize: (orderId: string) => `order-${orderId}:authorize`,
  capture: (authorizationId: string) => `capture:${authorizationId}`,
  void: (authorizationId: string) => `void:${authorizationId}`,
  refund: (captureId: string) => `refund:${captureId}`,
};

export function createPaymentActivities(runner: CommandRunner, gateway: PaymentGateway, vault: CardVault): PaymentActivities {
  const payments = runner.repository(paymentDecider, 'payment-v1');
  const current = async (orderId: string) => (await payments.load(paymentStreamId(orderId))).state;

  /**
   * The compensation of authorize-payment and capture-payment alike: asks the gateway what it
   * holds for the order (an authorization whose answer was lost included), voids what is
   * authorized, refunds what is captured, then makes the payment's stream say the same.
   */
  async function undoPayment(orderId: string, correlationId: string, reason: string): Promise<CompensationResult> {
    for (const held of await gateway.findAuthorizations({ orderId })) await release(held);
    const after = await gateway.findAuthorizations({ orderId });
    await recordAsTheGatewayHasIt(orderId, correlationId, clip(reason), after);
    return { undone: after.some((a) => a.status === 'voided' || a.status === 'refunded') };
  }

  async function release(held: AuthorizationRecord): Promise<void> {
    if (held.status === 'captured' && held.capture) {
      await gateway.refund({ idempotencyKey: keys.refund(held.capture.captureId), captureId: held.capture.captureId });
    } else if (held.status === 'authorized') {
      try {
        await gateway.voidAuthorization({ idempotencyKey: keys.void(held.authorizationId), authorizationId: held.authorizationId });
      } catch (err) {
        if (!isProviderRejection(err) || err.code !== 'authorization-already-captured') throw err;
        // Captured meanwhile (a capture whose answer was still on its way): refund it instead.
        const now = (await gateway.findAuthorizations({ orderId: held.orderId })).find((a) => a.authorizationId === held.authorizationId);
        if (now?.capture) await gateway.refund({ idempotencyKey: keys.refund(now.capture.captureId), captureId: now.capture.captureId });
      }
    }
  }

  /** Appends what the payment's stream missed: an authorization or capture whose answer was lost, then the void or refund. */
  async function recordAsTheGatewayHasIt(orderId: string, correlationId: string, reason: string, held: readonly AuthorizationRecord[]): Promise<void> {
    const state = await current(orderId);
    const known = 'authorization' in state ? held.find((a) => a.authorizationId === state.authorization.authorizationId) : held[0];
    if (!known) return;
    const stream = paymentStreamId(orderId);
    const record = (command: PaymentCommand, keySuffix: string) => runner.run(payments, stream, command, { correlationId, keySuffix });
    let status = state.status;
    if (status === 'none' || status === 'declined') {
      await record({ type: 'authorize-payment', orderId, amountCents: known.amountCents, authorizationId: known.authorizationId, cardLast4: known.cardLast4 }, 'record-authorization');
      status = 'authorized';
    }
    if (known.capture && status === 'authorized') {
      await record({ type: 'capture-payment', captureId: known.capture.captureId }, 'record-capture');
      status = 'captured';
    }
    if (known.status === 'voided' && status === 'authorized') await record({ type: 'void-payment', reason }, 'void');
    if (known.status === 'refunded' && known.refund && status === 'captured') await record({ type: 'refund-payment', refundId: known.refund.refundId, reason }, 'refund');
  }

  return {
    authorizePayment: async ({ orderId, correlationId, amountCents, cardToken }) => {
      const card = await vault.reveal(cardToken);
      if (!card) throw ApplicationFailure.create({ type: 'card-token-unknown', message: `no card stored under the order's token`, nonRetryable: true });
      try {
        const auth = await gateway.authorize({ idempotencyKey: keys.authorize(orderId), orderId, amountCents, currency: 'USD', card });
        await runner.run(payments, paymentStreamId(orderId), {
          type: 'authorize-payment', orderId, amountCents, authorizationId: auth.authorizationId, cardLast4: auth.cardLast4,
        }, { correlationId });
        return { authorizationId: auth.authorizationId };
      } catch (err) {
        if (isProviderRejection(err) && isPaymentDeclineCode(err.code)) {
          await runner.run(payments, paymentStreamId(orderId), {
            type: 'record-payment-decline', orderId, amountCents, declineCode: err.code, reason: clip(err.message),
          }, { correlationId, keySuffix: 'decline' });
        }
        throw err;
      }
    },

    capturePayment: async ({ orderId, correlationId }) => {
      const state = await current(orderId);
      if (state.status !== 'authorized' && state.status !== 'captured') {
        throw ApplicationFailure.create({ type: 'payment-not-authorized', message: `payment of order ${orderId} is ${state.status}`, nonRetryable: true });
      }
      const { authorizationId } = state.authorization;
      const capture = await gateway.capture({ idempotencyKey: keys.capture(authorizationId), authorizationId });
      await runner.run(payments, paymentStreamId(orderId), { type: 'capture-payment', captureId: capture.captureId }, { correlationId });
      return { captureId: capture.captureId };
    },

    voidPayment: ({ orderId, correlationId, reason }) => undoPayment(orderId, correlationId, reason),
    refundPayment: ({ orderId, correlationId, reason }) => undoPayment(orderId, correlationId, reason),
  };
}
