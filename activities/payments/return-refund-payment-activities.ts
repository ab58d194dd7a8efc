import { ApplicationFailure } from '@temporalio/activity';
import type { PartialRefunds } from '../../shared/domain/payments/partial-refunds';
import { paymentDecider } from '../../shared/domain/payments/payment/payment-decider';
import { paymentStreamId } from '../../shared/domain/payments/payment/payment-stream';
import { returnRefundDecider } from '../../shared/domain/payments/returns/return-refund-decider';
import { returnRefundStreamId, storeCreditId } from '../../shared/domain/payments/returns/return-refund-stream';
import { clip } from '../ordering/order-activities';
import { stepIdempotencyKey, type CommandRunner } from '../kernel/command-runner';
import type { ReturnRefundActivities } from './return-refund-activities';

export function createReturnRefundActivities(runner: CommandRunner, refunds: PartialRefunds): ReturnRefundActivities {
  const payments = runner.repository(paymentDecider, 'payment-v1');
  const returnRefunds = runner.repository(returnRefundDecider, 'return-refund-v1');

  return {
    refundReturn: async ({ returnId, correlationId, orderId, customerId, amountCents }) => {
      const streamId = returnRefundStreamId(returnId);
      const { state: current } = await returnRefunds.load(streamId);
      if (current.status === 'refunded') return { refundId: current.refund.refundId };
      const { state: payment } = await payments.load(paymentStreamId(orderId));
      if (payment.status !== 'captured') {
        // Nothing captured to take from (or refunded in full when the order was cancelled): a refusal, not a fault.
        throw ApplicationFailure.create({ type: 'payment-not-captured', message: `the payment of order ${orderId} is ${payment.status}`, nonRetryable: true });
      }
      const refund = await refunds.refundPart({ idempotencyKey: stepIdempotencyKey('gateway'), captureId: payment.captureId, amountCents, currency: 'USD' });
      await runner.run(returnRefunds, streamId, { type: 'refund-return', returnId, orderId, customerId, amountCents, refundId: refund.refundId }, { correlationId });
      return { refundId: refund.refundId };
    },

    recordRefundFailure: async ({ returnId, correlationId, orderId, customerId, amountCents, code, reason }) => {
      await runner.run(returnRefunds, returnRefundStreamId(returnId), {
        type: 'record-return-refund-failure', returnId, orderId, customerId, amountCents, code, reason: clip(reason),
      }, { correlationId });
    },

    issueStoreCredit: async ({ returnId, correlationId }) => {
      const creditId = storeCreditId(returnId);
      await runner.run(returnRefunds, returnRefundStreamId(returnId), { type: 'issue-store-credit', creditId }, { correlationId });
      return { creditId };
    },
  };
}
