import { describe, expect, it } from 'vitest';
import type { AuthorizePayment } from '../../../shared/domain/payments/payment/payment-commands';
import { paymentDecider } from '../../../shared/domain/payments/payment/payment-decider';
import type { PaymentEvent } from '../../../shared/domain/payments/payment/payment-events';
import { paymentStreamId } from '../../../shared/domain/payments/payment/payment-stream';
import { given } from '../../support/given-when-then';

const authorize: AuthorizePayment = {
  type: 'authorize-payment',
  orderId: 'ord-1',
  amountCents: 4848,
  authorizationId: 'auth_1',
  cardLast4: '4242',
};
const authorized: PaymentEvent = {
  type: 'payment-authorized',
  schemaVersion: 2,
  payload: { orderId: 'ord-1', amount: { amountCents: 4848, currency: 'USD' }, authorizationId: 'auth_1', cardLast4: '4242' },
};
const declined: PaymentEvent = {
  type: 'payment-declined',
  payload: { orderId: 'ord-1', amountCents: 4848, currency: 'USD', declineCode: 'card-declined', reason: 'The card was declined' },
};
const captured: PaymentEvent = {
  type: 'payment-captured',
  payload: { orderId: 'ord-1', amountCents: 4848, currency: 'USD', authorizationId: 'auth_1', captureId: 'cap_1' },
};
const voided: PaymentEvent = {
  type: 'payment-voided',
  payload: { orderId: 'ord-1', amountCents: 4848, currency: 'USD', authorizationId: 'auth_1', reason: 'out of stock' },
};
const refunded: PaymentEvent = {
  type: 'payment-refunded',
  payload: { orderId: 'ord-1', amountCents: 4848, currency: 'USD', captureId: 'cap_1', refundId: 'ref_1', reason: 'shipping failed' },
};
const declineCommand = {
  type: 'record-payment-decline',
  orderId: 'ord-1',
  amountCents: 4848,
  declineCode: 'card-declined',
  reason: 'The card was declined',
} as const;

describe('Payment: authorize-payment', () => {
  it('records the authorization with the last four digits only', () => {
    const state = given(paymentDecider).when(authorize).then([authorized]);
    expect(state.status).toBe('authorized');
  });

  it('can authorize after a decline', () => {
    given(paymentDecider, [declined]).when(authorize).then([authorized]);
  });

  it('is idempotent for the same authorization', () => {
    given(paymentDecider, [authorized]).when(authorize).then([]);
  });

  it('refuses a second, different authorization', () => {
    given(paymentDecider, [authorized])
      .when({ ...authorize, authorizationId: 'auth_2' })
      .thenRejected('payment-already-authorized', { status: 'authorized' });
  });

  it('refuses to authorize a voided payment again', () => {
    given(paymentDecider, [authorized, voided]).when(authorize).thenRejected('payment-already-authorized', { status: 'voided' });
  });

  it.each([
    ['a full card number as last4', { cardLast4: '4242424242424242' }, 'cardLast4'],
    ['a zero amount', { amountCents: 0 }, 'amountCents'],
    ['fractional cents', { amountCents: 10.5 }, 'amountCents'],
    ['a blank authorization id', { authorizationId: '' }, 'authorizationId'],
  ])('refuses %s', (_label, change, field) => {
    given(paymentDecider).when({ ...authorize, ...change }).thenRejected('invalid-value', { field });
  });
});

describe('Payment: record-payment-decline', () => {
  it('records the decline', () => {
    const state = given(paymentDecider).when(declineCommand).then([declined]);
    expect(state.status).toBe('declined');
  });

  it('ignores the same decline recorded twice', () => {
    given(paymentDecider, [declined]).when(declineCommand).then([]);
  });

  it('records a further, different decline', () => {
    given(paymentDecider, [declined])
      .when({ ...declineCommand, declineCode: 'insufficient-funds', reason: 'Not enough funds' })
      .then([
        {
          type: 'payment-declined',
          payload: { ...declined.payload, declineCode: 'insufficient-funds', reason: 'Not enough funds' },
        } as PaymentEvent,
      ]);
  });

  it('refuses a decline after an authorization', () => {
    given(paymentDecider, [authorized]).when(declineCommand).thenRejected('payment-already-authorized');
  });

  it('refuses a decline code that is not kebab-case', () => {
    given(paymentDecider)
      .when({ ...declineCommand, declineCode: 'Card Declined' })
      .thenRejected('invalid-value', { field: 'declineCode' });
  });
});

describe('Payment: capture-payment', () => {
  it('captures the authorized amount', () => {
    const state = given(paymentDecider, [authorized]).when({ type: 'capture-payment', captureId: 'cap_1' }).then([captured]);
    expect(state.status).toBe('captured');
  });

  it('is idempotent for the same capture', () => {
    given(paymentDecider, [authorized, captured]).when({ type: 'capture-payment', captureId: 'cap_1' }).then([]);
  });

  it('refuses a second, different capture', () => {
    given(paymentDecider, [authorized, captured])
      .when({ type: 'capture-payment', captureId: 'cap_2' })
      .thenRejected('payment-already-captured', { captureId: 'cap_1' });
  });

  it('refuses without an authorization', () => {
    given(paymentDecider, [declined]).when({ type: 'capture-payment', captureId: 'cap_1' }).thenRejected('payment-not-authorized');
  });

  it('refuses after a void', () => {
    given(paymentDecider, [authorized, voided])
      .when({ type: 'capture-payment', captureId: 'cap_1' })
      .thenRejected('payment-already-voided');
  });
});

describe('Payment: void-payment (compensation)', () => {
  it('voids an authorization', () => {
    const state = given(paymentDecider, [authorized]).when({ type: 'void-payment', reason: 'out of stock' }).then([voided]);
    expect(state.status).toBe('voided');
  });

  it.each([
    ['twice', [authorized, voided]],
    ['before any authorization', []],
    ['after a decline', [declined]],
  ])('does nothing when voided %s', (_label, history) => {
    given(paymentDecider, history as PaymentEvent[]).when({ type: 'void-payment', reason: 'x' }).then([]);
  });

  it('refuses after capture: refund instead', () => {
    given(paymentDecider, [authorized, captured])
      .when({ type: 'void-payment', reason: 'x' })
      .thenRejected('payment-already-captured');
  });
});

describe('Payment: refund-payment (compensation)', () => {
  it('refunds a capture in full', () => {
    const state = given(paymentDecider, [authorized, captured])
      .when({ type: 'refund-payment', refundId: 'ref_1', reason: 'shipping failed' })
      .then([refunded]);
    expect(state.status).toBe('refunded');
  });

  it('is idempotent for the same refund', () => {
    given(paymentDecider, [authorized, captured, refunded])
      .when({ type: 'refund-payment', refundId: 'ref_1', reason: 'again' })
      .then([]);
  });

  it('refuses a second, different refund', () => {
    given(paymentDecider, [authorized, captured, refunded])
      .when({ type: 'refund-payment', refundId: 'ref_2', reason: 'again' })
      .thenRejected('payment-already-refunded');
  });

  it('refuses before capture: void instead', () => {
    given(paymentDecider, [authorized])
      .when({ type: 'refund-payment', refundId: 'ref_1', reason: 'x' })
      .thenRejected('payment-not-captured', { status: 'authorized' });
  });
});

it('names its stream after the order', () => {
  expect(paymentStreamId('ord-1')).toBe('payment-ord-1');
});
