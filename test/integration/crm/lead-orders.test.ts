import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadWorkflowId } from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import type { LeadProcessState } from '../../../workflows/crm/lead-lifecycle/lead-lifecycle-contract';
import { CARDS, finalSaga, receiveStock, uniqueSku, waitForSaga } from '../../support/orders';
import { accepted, eventTypes, eventually, get, newLeadId, post, startLead, startLeadStack, type LeadStack } from './lead-api';

let stack: LeadStack;
beforeAll(async () => { stack = await startLeadStack({ ORDER_DISPATCH_AFTER: '1 second', ORDER_REVIEW_THRESHOLD_CENTS: '100000' }); });
afterAll(async () => { await stack?.stop(); });

function orderFor(sku: string, unitPriceCents: number, card: string = CARDS.ok) {
  return {
    lines: [{ sku, quantity: 1, unitPriceCents }],
    shippingAddress: { name: 'Casey Davis', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' },
    payment: { card: { number: card, expiryMonth: 12, expiryYear: 2030 } },
  };
}

const leadResult = (leadId: string) => stack.api.deps.temporal.client.workflow.getHandle(leadWorkflowId(leadId)).result() as Promise<LeadProcessState>;
const processOf = async (leadId: string) => (await get(stack.api, `/leads/${leadId}/process`)).json;

describe('a lead whose order runs through the order fulfilment saga', () => {
  it('converts the lead when the saga completes', async () => {
    const { api, store } = stack;
    const sku = uniqueSku('lead-ok');
    await receiveStock(api, sku, 5);
    const leadId = newLeadId('buyer');
    await startLead(api, leadId);
    await accepted(api, `/leads/${leadId}/contacts`);
    const submitted = await accepted(api, `/leads/${leadId}/orders`, { order: orderFor(sku, 4_900) });
    expect(submitted).toMatchObject({ status: 'PENDING_PAYMENT', order: { status: 'RUNNING', workflowId: expect.stringMatching(/^order-/) } });
    expect(JSON.stringify(submitted)).not.toContain(CARDS.ok);

    const final = await leadResult(leadId);
    expect(final.lead?.status).toBe('CONVERTED');
    expect(final.order).toMatchObject({ status: 'COMPLETED' });
    expect(await eventTypes(store, leadId)).toEqual(['lead-initialized', 'contacted', 'order-submitted', 'payment-confirmed']);
    const orderId = submitted.order.orderId as string;
    expect((await store.readStream(`order-${orderId}`)).map((e) => e.type)).toEqual(['order-placed', 'order-confirmed']);
    expect((await store.readStream(`points-lead-${leadId}`)).map((e) => e.type)).toEqual(['points-awarded']);
    const orderEvents = await store.readStream(`order-${orderId}`);
    const submitEnvelope = (await store.readStream(`lead-${leadId}`))[2];
    expect(orderEvents[0]?.correlationId).toBe(submitEnvelope?.correlationId);
  });

  it('fails the payment when the saga is rejected; the lead may then buy again', async () => {
    const { api, store } = stack;
    const sku = uniqueSku('lead-declined');
    await receiveStock(api, sku, 5);
    const leadId = newLeadId('declined');
    await startLead(api, leadId);
    await accepted(api, `/leads/${leadId}/orders`, { order: orderFor(sku, 2_000, CARDS.declined) });

    const failed = await eventually(() => processOf(leadId), (p) => p.lead.status === 'PAYMENT_FAILED');
    expect(failed.order).toMatchObject({ status: 'COMPENSATED', outcomeReason: expect.stringMatching(/^card-declined/) });
    const history = await get(api, `/leads/${leadId}/history`);
    expect(history.json.at(-1)).toMatchObject({ 'event-type': 'payment-failed', status: 'payment-failed', reason: expect.stringContaining('card-declined') });

    await accepted(api, `/leads/${leadId}/contacts`);
    await accepted(api, `/leads/${leadId}/orders`, { order: orderFor(sku, 2_000) });
    expect((await leadResult(leadId)).lead?.status).toBe('CONVERTED');
    expect(await eventTypes(store, leadId)).toEqual(['lead-initialized', 'order-submitted', 'payment-failed', 'contacted', 'order-submitted', 'payment-confirmed']);
  });

  it('refuses a manual payment confirmation while the saga decides, and follows the saga after a review', async () => {
    const { api, store } = stack;
    const sku = uniqueSku('lead-review');
    await receiveStock(api, sku, 1);
    const leadId = newLeadId('review');
    await startLead(api, leadId);
    const submitted = await accepted(api, `/leads/${leadId}/orders`, { order: orderFor(sku, 250_000) });
    const orderId = submitted.order.orderId as string;
    await waitForSaga(api, orderId, (s) => s.status === 'AWAITING_REVIEW');

    const manual = await post(api, `/leads/${leadId}/payment-confirmations`);
    expect(manual.status).toBe(409);
    expect(manual.json).toMatchObject({ type: '/problems/payment-follows-order', detail: expect.stringContaining(orderId) });
    expect(await eventTypes(store, leadId)).toEqual(['lead-initialized', 'order-submitted']);

    const review = await post(api, `/orders/${orderId}/review`, { decision: 'approve', reviewer: 'rita' });
    expect(review.status).toBe(200);
    expect((await leadResult(leadId)).lead?.status).toBe('CONVERTED');
  });

  it('cancels the saga when the payment deadline passes first, and fails the payment', async () => {
    const { api, store } = stack;
    const sku = uniqueSku('lead-late');
    await receiveStock(api, sku, 1);
    const leadId = newLeadId('late');
    await startLead(api, leadId);
    const paymentDeadline = new Date(Date.now() + 4_000).toISOString();
    const submitted = await accepted(api, `/leads/${leadId}/orders`, { paymentDeadline, order: orderFor(sku, 300_000) });
    const orderId = submitted.order.orderId as string;

    const saga = await finalSaga(api, orderId);
    expect(saga.status).toBe('CANCELLED');
    expect(saga.cancellation.requestedReason).toContain('payment deadline');
    const failed = await eventually(() => processOf(leadId), (p) => p.lead.status === 'PAYMENT_FAILED');
    expect(failed.order).toMatchObject({ orderId, status: 'CANCELLED', cancelRequested: true });
    const history = await get(api, `/leads/${leadId}/history`);
    expect(history.json.at(-1)).toMatchObject({ 'event-type': 'payment-failed', reason: `payment-deadline-passed: order ${orderId} cancelled` });
    expect(Date.parse(history.json.at(-1).timestamp)).toBeGreaterThanOrEqual(Date.parse(paymentDeadline));
    expect(await eventTypes(store, leadId)).toEqual(['lead-initialized', 'order-submitted', 'payment-failed']);
  });

  it('answers 400 for an invalid order without storing the card', async () => {
    const leadId = newLeadId('badorder');
    await startLead(stack.api, leadId);
    const bad = await post(stack.api, `/leads/${leadId}/orders`, { order: { ...orderFor('SKU-1', 100, '4242424242424241'), lines: [] } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['order.lines', 'order.payment.card.number']));
    expect(JSON.stringify(bad.json)).not.toContain('4242424242424241');
  });
});
