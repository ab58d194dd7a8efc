import { ApplicationFailure } from '@temporalio/activity';
import { isProviderRejection } from '../../shared/domain/kernel/provider-errors';
import type { CardVault } from '../../shared/adapters/card-vault';
import { isPaymentDeclineCode, type PaymentGateway } from '../../shared/domain/payments/payment-gateway';
import { paymentDecider } from '../../shared/domain/payments/payment/payment-decider';
import { paymentStreamId } from '../../shared/domain/payments/payment/payment-stream';
import type { OrderFulfilmentActivities } from '../ordering/order-fulfilment-activities';
import { clip } from '../ordering/order-activities';
import { stepIdempotencyKey, type CommandRunner } from '../kernel/command-runner';

type PaymentActivities = Pick<OrderFulfilmentActivities, 'authorizePayment' | 'voidPayment' | 'capturePayment' | 'refundPayment'>;

export function createPaymentActivities(runner: CommandRunner, gateway: PaymentGateway, vault: CardVault): PaymentActivities {
  const payments = runner.repository(paymentDecider, 'payment-v1');

  async function currentPayment(orderId: string) {
    const { state } = await payments.load(paymentStreamId(orderId));
    return state;
  }

  return {
    authorizePayment: async ({ orderId, correlationId, amountCents, cardToken }) => {
      const card = await vault.reveal(cardToken);
      if (!card) throw ApplicationFailure.create({ type: 'card-token-unknown', message: `no card stored under the order's token`, nonRetryable: true });
      try {
        const auth = await gateway.authorize({ idempotencyKey: stepIdempotencyKey('gateway'), orderId, amountCents, currency: 'USD', card });
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
      const state = await currentPayment(orderId);
      if (state.status !== 'authorized' && state.status !== 'captured') {
        throw ApplicationFailure.create({ type: 'payment-not-authorized', message: `payment of order ${orderId} is ${state.status}`, nonRetryable: true });
      }
      const capture = await gateway.capture({ idempotencyKey: stepIdempotencyKey('gateway'), authorizationId: state.authorization.authorizationId });
      await runner.run(payments, paymentStreamId(orderId), { type: 'capture-payment', captureId: capture.captureId }, { correlationId });
      return { captureId: capture.captureId };
    },

    voidPayment: async ({ orderId, correlationId, reason }) => {
      const state = await currentPayment(orderId);
      if (state.status !== 'authorized') return; // never authorized, declined or already voided: nothing to undo
      await gateway.voidAuthorization({ idempotencyKey: stepIdempotencyKey('gateway'), authorizationId: state.authorization.authorizationId });
      await runner.run(payments, paymentStreamId(orderId), { type: 'void-payment', reason: clip(reason) }, { correlationId });
    },

    refundPayment: async ({ orderId, correlationId, reason }) => {
      const state = await currentPayment(orderId);
      if (state.status === 'authorized') {
        // Capture never happened (or its record did not land): releasing the hold is the undo.
        await gateway.voidAuthorization({ idempotencyKey: stepIdempotencyKey('gateway-void'), authorizationId: state.authorization.authorizationId });
        await runner.run(payments, paymentStreamId(orderId), { type: 'void-payment', reason: clip(reason) }, { correlationId, keySuffix: 'void' });
        return;
      }
      if (state.status !== 'captured') return;
      const refund = await gateway.refund({ idempotencyKey: stepIdempotencyKey('gateway'), captureId: state.captureId });
      await runner.run(payments, paymentStreamId(orderId), { type: 'refund-payment', refundId: refund.refundId, reason: clip(reason) }, { correlationId });
    },
  };
}
