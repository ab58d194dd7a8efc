// A short demo through the real API, so the Web UI and the views show something at once:
// one order that completes, one compensated, one cancelled, one waiting for review.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoTarget {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly uiUrl: string;
  readonly namespace: string;
  readonly dataDir: string;
}

type Json = Record<string, unknown>;

async function call(t: DemoTarget, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${t.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

function order(orderId: string, sku: string, quantity: number, unitPriceCents: number, card = '4242424242424242') {
  return {
    orderId,
    customerId: 'cus_demo',
    lines: [{ sku, quantity, unitPriceCents }],
    shippingAddress: { name: 'Grace Hopper', line1: '1 Navy Way', city: 'Arlington', state: 'VA', zip: '22202' },
    payment: { card: { number: card, expiryMonth: 12, expiryYear: 2030 } },
  };
}

async function sagaStatus(t: DemoTarget, orderId: string, wanted: string[]): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const { json } = await call(t, 'GET', `/orders/${orderId}/saga`);
    if (typeof json.status === 'string' && wanted.includes(json.status)) return json.status;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`order ${orderId} did not reach ${wanted.join(' or ')}`);
}

/** Runs once per data folder (DEMO=off skips it, DEMO=always repeats it). */
export async function runDemo(t: DemoTarget): Promise<void> {
  const marker = join(t.dataDir, 'demo-done');
  if (process.env.DEMO !== 'always' && existsSync(marker)) {
    console.log('demo: already ran on this data folder (DEMO=always repeats it)');
    return;
  }
  console.log('demo: placing four orders through the API (DEMO=off skips this) ...');
  await call(t, 'POST', '/inventory/DEMO-WIDGET/receipts', { quantity: 100 });

  await call(t, 'POST', '/orders', order('demo-completed', 'DEMO-WIDGET', 2, 1_999));
  await call(t, 'POST', '/orders', order('demo-declined', 'DEMO-WIDGET', 1, 4_500, '4000000000000002'));
  await call(t, 'POST', '/orders', order('demo-cancelled', 'DEMO-WIDGET', 3, 2_500));
  await call(t, 'POST', '/orders', order('demo-review', 'DEMO-WIDGET', 1, 250_000));

  const declined = await sagaStatus(t, 'demo-declined', ['COMPENSATED', 'REJECTED']);
  await sagaStatus(t, 'demo-cancelled', ['AWAITING_DISPATCH']);
  await call(t, 'POST', '/orders/demo-cancelled/cancel', { reason: 'customer changed their mind' });
  const cancelled = await sagaStatus(t, 'demo-cancelled', ['CANCELLED']);
  const review = await sagaStatus(t, 'demo-review', ['AWAITING_REVIEW']);
  const completed = await sagaStatus(t, 'demo-completed', ['AWAITING_DISPATCH', 'COMPLETED']);
  writeFileSync(marker, new Date().toISOString());

  const workflows = `${t.uiUrl}/namespaces/${t.namespace}/workflows`;
  const query = (q: string) => `${workflows}?query=${encodeURIComponent(q)}`;
  console.log(`
  demo orders (GET ${t.apiUrl}/orders/<id>/saga with the API key):
    demo-completed  ${completed}  (dispatches after ORDER_DISPATCH_AFTER, then COMPLETED)
    demo-declined   ${declined}   (card declined: the stock reservation was released)
    demo-cancelled  ${cancelled}  (refunded, points revoked, shipment cancelled, stock released)
    demo-review     ${review}  (approve: POST /orders/demo-review/review {"decision":"approve","reviewer":"you"})
  views (kept by the projector): GET ${t.apiUrl}/orders/demo-completed, /customers/cus_demo/orders,
    /reports/sales-by-state, /stock/DEMO-WIDGET; their checkpoints and lag: /projections
  in the Temporal Web UI:
    all order sagas        ${query("WorkflowType = 'orderFulfilmentSaga'")}
    compensated or failed  ${query("SagaStatus IN ('COMPENSATED', 'COMPENSATION_FAILED', 'REJECTED')")}
    waiting for review     ${query("SagaStatus = 'AWAITING_REVIEW'")}
`);
}
