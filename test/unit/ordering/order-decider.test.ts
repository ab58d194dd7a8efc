import { describe, expect, it } from 'vitest';
import type { PlaceOrder } from '../../../shared/domain/ordering/order/order-commands';
import { orderDecider } from '../../../shared/domain/ordering/order/order-decider';
import type { OrderEvent } from '../../../shared/domain/ordering/order/order-events';
import { isAwaitingReview } from '../../../shared/domain/ordering/order/order-state';
import { orderStreamId } from '../../../shared/domain/ordering/order/order-stream';
import { given } from '../../support/given-when-then';

const address = { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' };

const place: PlaceOrder = {
  type: 'place-order',
  orderId: 'ord-1',
  customerId: 'cus-1',
  lines: [
    { sku: 'TSHIRT-M', quantity: 2, unitPriceCents: 1999 },
    { sku: 'MUG', quantity: 1, unitPriceCents: 850 },
  ],
  shippingAddress: address,
};

const placed: OrderEvent = {
  type: 'order-placed',
  payload: {
    orderId: 'ord-1',
    customerId: 'cus-1',
    lines: [
      { sku: 'TSHIRT-M', quantity: 2, unitPriceCents: 1999, lineTotalCents: 3998 },
      { sku: 'MUG', quantity: 1, unitPriceCents: 850, lineTotalCents: 850 },
    ],
    shippingAddress: address,
    totalCents: 4848,
    currency: 'USD',
  },
};

const reviewRequested: OrderEvent = {
  type: 'order-review-requested',
  payload: { orderId: 'ord-1', totalCents: 4848, reason: 'total above threshold' },
};
const reviewApproved: OrderEvent = { type: 'order-review-approved', payload: { orderId: 'ord-1', reviewer: 'rita' } };
const confirmed: OrderEvent = {
  type: 'order-confirmed',
  payload: { orderId: 'ord-1', customerId: 'cus-1', totalCents: 4848, currency: 'USD' },
};
const cancelled: OrderEvent = { type: 'order-cancelled', payload: { orderId: 'ord-1', reason: 'changed my mind' } };
const rejected: OrderEvent = {
  type: 'order-rejected',
  payload: { orderId: 'ord-1', reason: 'insufficient-stock', source: 'fulfilment' },
};

describe('Order: place-order', () => {
  it('records the order with line totals and the computed total', () => {
    const state = given(orderDecider).when(place).then([placed]);
    expect(state).toMatchObject({ status: 'pending', review: 'not-requested' });
  });

  it('normalises the address: trims text and drops a blank second line', () => {
    given(orderDecider)
      .when({ ...place, shippingAddress: { ...address, name: '  Ada Lovelace ', line2: '  ' } })
      .then([placed]);
  });

  it('keeps a second address line when there is one', () => {
    const withLine2 = { ...address, line2: 'Suite 5' };
    given(orderDecider)
      .when({ ...place, shippingAddress: withLine2 })
      .then([{ type: 'order-placed', payload: { ...placed.payload, shippingAddress: withLine2 } } as OrderEvent]);
  });

  it.each([
    ['no lines', { lines: [] }, 'order.lines'],
    ['a bad SKU', { lines: [{ sku: 'bad sku', quantity: 1, unitPriceCents: 1 }] }, 'order.lines.0.sku'],
    ['a zero quantity', { lines: [{ sku: 'MUG', quantity: 0, unitPriceCents: 1 }] }, 'order.lines.0.quantity'],
    ['a quantity above 1000', { lines: [{ sku: 'MUG', quantity: 1001, unitPriceCents: 1 }] }, 'order.lines.0.quantity'],
    ['a fractional price', { lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 9.5 }] }, 'order.lines.0.unitPriceCents'],
    ['a negative price', { lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: -1 }] }, 'order.lines.0.unitPriceCents'],
    [
      'the same SKU on two lines',
      { lines: [{ sku: 'MUG', quantity: 1, unitPriceCents: 1 }, { sku: 'MUG', quantity: 2, unitPriceCents: 1 }] },
      'order.lines',
    ],
    ['an unsafe order id', { orderId: 'ord/1' }, 'order.orderId'],
    ['an empty customer id', { customerId: '' }, 'order.customerId'],
    ['an unknown state', { shippingAddress: { ...address, state: 'XX' } }, 'order.shippingAddress.state'],
    ['a bad ZIP', { shippingAddress: { ...address, zip: '9410' } }, 'order.shippingAddress.zip'],
    ['a blank city', { shippingAddress: { ...address, city: '  ' } }, 'order.shippingAddress.city'],
  ])('refuses an order with %s', (_label, change, field) => {
    given(orderDecider)
      .when({ ...place, ...change })
      .thenRejected('invalid-value', { field });
  });

  it('is idempotent when the same order is placed again', () => {
    given(orderDecider, [placed]).when(place).then([]);
  });

  it('refuses a different order on the same stream', () => {
    given(orderDecider, [placed])
      .when({ ...place, lines: [{ sku: 'MUG', quantity: 3, unitPriceCents: 850 }] })
      .thenRejected('order-already-placed', { orderId: 'ord-1' });
  });

  it('names its stream after the order', () => {
    expect(orderStreamId('ord-1')).toBe('order-ord-1');
  });
});

describe('Order: commands before placing', () => {
  it.each([
    { type: 'confirm-order' } as const,
    { type: 'cancel-order', reason: 'x' } as const,
    { type: 'reject-order', reason: 'x' } as const,
    { type: 'request-order-review', reason: 'x' } as const,
    { type: 'approve-order-review', reviewer: 'rita' } as const,
  ])('refuses $type', (command) => {
    given(orderDecider).when(command).thenRejected('order-not-placed');
  });
});

describe('Order: review', () => {
  it('records a review request; the order is then awaiting review', () => {
    const state = given(orderDecider, [placed])
      .when({ type: 'request-order-review', reason: 'total above threshold' })
      .then([reviewRequested]);
    expect(isAwaitingReview(state)).toBe(true);
  });

  it('does not record a second request for the same review', () => {
    given(orderDecider, [placed, reviewRequested]).when({ type: 'request-order-review', reason: 'again' }).then([]);
  });

  it('refuses a new request once the review was decided', () => {
    given(orderDecider, [placed, reviewRequested, reviewApproved])
      .when({ type: 'request-order-review', reason: 'again' })
      .thenRejected('order-review-already-decided', { review: 'approved' });
  });

  it('refuses a review request for a confirmed order', () => {
    given(orderDecider, [placed, confirmed])
      .when({ type: 'request-order-review', reason: 'late' })
      .thenRejected('order-already-confirmed');
  });

  it('records an approval, with the note when there is one', () => {
    const state = given(orderDecider, [placed, reviewRequested])
      .when({ type: 'approve-order-review', reviewer: 'rita', note: 'known customer' })
      .then([{ type: 'order-review-approved', payload: { orderId: 'ord-1', reviewer: 'rita', note: 'known customer' } }]);
    expect(state).toMatchObject({ status: 'pending', review: 'approved' });
    expect(isAwaitingReview(state)).toBe(false);
  });

  it('records an approval without a note key when there is no note', () => {
    given(orderDecider, [placed, reviewRequested]).when({ type: 'approve-order-review', reviewer: 'rita' }).then([reviewApproved]);
  });

  it('treats a repeated approval as done, even after confirmation', () => {
    given(orderDecider, [placed, reviewRequested, reviewApproved, confirmed])
      .when({ type: 'approve-order-review', reviewer: 'rita' })
      .then([]);
  });

  it('refuses to approve a review nobody requested', () => {
    given(orderDecider, [placed])
      .when({ type: 'approve-order-review', reviewer: 'rita' })
      .thenRejected('order-review-not-requested');
  });

  it('refuses to approve a review of a cancelled order', () => {
    given(orderDecider, [placed, reviewRequested, cancelled])
      .when({ type: 'approve-order-review', reviewer: 'rita' })
      .thenRejected('order-not-pending', { status: 'cancelled' });
  });

  it('refuses a blank reviewer', () => {
    given(orderDecider, [placed, reviewRequested])
      .when({ type: 'approve-order-review', reviewer: ' ' })
      .thenRejected('invalid-value', { field: 'reviewer' });
  });

  it('rejects the order when the reviewer rejects it', () => {
    const state = given(orderDecider, [placed, reviewRequested])
      .when({ type: 'reject-order-review', reviewer: 'rita', reason: 'suspected fraud' })
      .then([
        {
          type: 'order-rejected',
          payload: { orderId: 'ord-1', reason: 'suspected fraud', source: 'review', reviewer: 'rita' },
        },
      ]);
    expect(state).toMatchObject({ status: 'rejected', review: 'rejected' });
  });

  it('treats a repeated review rejection as done', () => {
    const rejectedByReview: OrderEvent = {
      type: 'order-rejected',
      payload: { orderId: 'ord-1', reason: 'fraud', source: 'review', reviewer: 'rita' },
    };
    given(orderDecider, [placed, reviewRequested, rejectedByReview])
      .when({ type: 'reject-order-review', reviewer: 'rita', reason: 'fraud' })
      .then([]);
  });

  it('refuses to reject an approved review', () => {
    given(orderDecider, [placed, reviewRequested, reviewApproved])
      .when({ type: 'reject-order-review', reviewer: 'rita', reason: 'changed mind' })
      .thenRejected('order-review-already-decided');
  });
});

describe('Order: confirm-order', () => {
  it('confirms a pending order', () => {
    const state = given(orderDecider, [placed]).when({ type: 'confirm-order' }).then([confirmed]);
    expect(state.status).toBe('confirmed');
  });

  it('confirms an order whose review was approved', () => {
    given(orderDecider, [placed, reviewRequested, reviewApproved]).when({ type: 'confirm-order' }).then([confirmed]);
  });

  it('refuses to confirm an order awaiting review', () => {
    given(orderDecider, [placed, reviewRequested]).when({ type: 'confirm-order' }).thenRejected('order-awaiting-review');
  });

  it('is idempotent', () => {
    given(orderDecider, [placed, confirmed]).when({ type: 'confirm-order' }).then([]);
  });

  it.each([
    ['cancelled', cancelled],
    ['rejected', rejected],
  ])('refuses to confirm a %s order', (status, closing) => {
    given(orderDecider, [placed, closing]).when({ type: 'confirm-order' }).thenRejected('order-not-pending', { status });
  });
});

describe('Order: cancel-order', () => {
  it('cancels a pending order', () => {
    const state = given(orderDecider, [placed]).when({ type: 'cancel-order', reason: 'changed my mind' }).then([cancelled]);
    expect(state.status).toBe('cancelled');
  });

  it('cancels an order awaiting review', () => {
    given(orderDecider, [placed, reviewRequested]).when({ type: 'cancel-order', reason: 'changed my mind' }).then([cancelled]);
  });

  it('is idempotent', () => {
    given(orderDecider, [placed, cancelled]).when({ type: 'cancel-order', reason: 'again' }).then([]);
  });

  it('cancels a confirmed order (the saga refuses once it has shipped)', () => {
    const state = given(orderDecider, [placed, confirmed])
      .when({ type: 'cancel-order', reason: 'changed my mind' })
      .then([cancelled]);
    expect(state.status).toBe('cancelled');
  });

  it('refuses to cancel a rejected order', () => {
    given(orderDecider, [placed, rejected]).when({ type: 'cancel-order', reason: 'x' }).thenRejected('order-not-pending');
  });

  it('needs a reason', () => {
    given(orderDecider, [placed]).when({ type: 'cancel-order', reason: '' }).thenRejected('invalid-value', { field: 'reason' });
  });
});

describe('Order: reject-order', () => {
  it('rejects a pending order during fulfilment', () => {
    const state = given(orderDecider, [placed]).when({ type: 'reject-order', reason: 'insufficient-stock' }).then([rejected]);
    expect(state).toMatchObject({ status: 'rejected', review: 'not-requested' });
  });

  it('is idempotent', () => {
    given(orderDecider, [placed, rejected]).when({ type: 'reject-order', reason: 'payment-declined' }).then([]);
  });

  it('refuses to reject a confirmed order', () => {
    given(orderDecider, [placed, confirmed]).when({ type: 'reject-order', reason: 'x' }).thenRejected('order-already-confirmed');
  });

  it('refuses to reject a cancelled order', () => {
    given(orderDecider, [placed, cancelled]).when({ type: 'reject-order', reason: 'x' }).thenRejected('order-not-pending');
  });
});
