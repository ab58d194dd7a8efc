import { describe, it } from 'vitest';
import { returnRefundDecider } from '../../../shared/domain/payments/returns/return-refund-decider';
import type { ReturnRefundEvent } from '../../../shared/domain/payments/returns/return-refund-events';
import { given } from '../../support/given-when-then';

const subject = { returnId: 'ret-1', orderId: 'ord-1', customerId: 'cus-1', amountCents: 1200 };
const refunded: ReturnRefundEvent = { type: 'return-refunded', payload: { ...subject, currency: 'USD', refundId: 'ref_1' } };
const failed: ReturnRefundEvent = { type: 'return-refund-failed', payload: { ...subject, currency: 'USD', code: 'expired-card', reason: 'card expired' } };
const credited: ReturnRefundEvent = { type: 'store-credit-issued', payload: { ...subject, currency: 'USD', creditId: 'credit_ret-1' } };
const refund = { type: 'refund-return' as const, ...subject, refundId: 'ref_1' };
const failure = { type: 'record-return-refund-failure' as const, ...subject, code: 'expired-card', reason: 'card expired' };
const credit = { type: 'issue-store-credit' as const, creditId: 'credit_ret-1' };

describe("payments' refund of a return", () => {
  it('records the refund once; another refund of a settled return is refused', () => {
    given(returnRefundDecider).when(refund).then([refunded]);
    given(returnRefundDecider, [refunded]).when(refund).then([]);
    given(returnRefundDecider, [refunded]).when({ ...refund, refundId: 'ref_2' }).thenRejected('return-refund-settled');
    given(returnRefundDecider, [refunded]).when(failure).thenRejected('return-refund-settled');
  });

  it('a refund that failed for good is compensated by store credit for the amount, once', () => {
    given(returnRefundDecider).when(failure).then([failed]);
    given(returnRefundDecider, [failed]).when(failure).then([]);
    given(returnRefundDecider, [failed]).when(credit).then([credited]);
    given(returnRefundDecider, [failed, credited]).when(credit).then([]);
    given(returnRefundDecider, [failed, credited]).when({ ...credit, creditId: 'credit_other' }).thenRejected('store-credit-already-issued');
  });

  it('store credit replaces only a failed refund', () => {
    given(returnRefundDecider).when(credit).thenRejected('refund-not-failed');
    given(returnRefundDecider, [refunded]).when(credit).thenRejected('refund-not-failed');
  });
});
