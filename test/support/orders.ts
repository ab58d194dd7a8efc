import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiHarness, LooseJson } from './api-harness';
import { readJson, TEST_KEYS } from './api-harness';

import { CARDS } from './cards';

export { CARDS };

export const uniqueSku = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`.toUpperCase();

export function orderBody(overrides: Partial<{ orderId: string; customerId: string; lines: { sku: string; quantity: number; unitPriceCents: number }[]; state: string; card: string }>) {
  return {
    orderId: overrides.orderId ?? `ord_${randomUUID().slice(0, 12)}`,
    customerId: overrides.customerId ?? `cus_${randomUUID().slice(0, 8)}`,
    lines: overrides.lines ?? [],
    shippingAddress: { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: overrides.state ?? 'CA', zip: '94103' },
    payment: { card: { number: overrides.card ?? CARDS.ok, expiryMonth: 12, expiryYear: 2030 } },
  };
}

export async function receiveStock(api: ApiHarness, sku: string, quantity: number): Promise<void> {
  const res = await api.request('POST', `/inventory/${sku}/receipts`, { key: TEST_KEYS.commands, body: { quantity } });
  expect(res.status).toBe(201);
}

export async function placeOrder(api: ApiHarness, body: ReturnType<typeof orderBody>, wait = 0): Promise<{ status: number; json: LooseJson }> {
  const res = await api.request('POST', `/orders?wait=${wait}`, { key: TEST_KEYS.commands, body });
  return { status: res.status, json: await readJson(res) };
}

export async function sagaState(api: ApiHarness, orderId: string): Promise<LooseJson> {
  const res = await api.request('GET', `/orders/${orderId}/saga`, { key: TEST_KEYS.queries });
  expect(res.status).toBe(200);
  return readJson(res);
}

/** Polls the saga's live state until `done` holds (the test runner's timeout bounds it). */
export async function waitForSaga(api: ApiHarness, orderId: string, done: (s: LooseJson) => boolean): Promise<LooseJson> {
  for (;;) {
    const state = await sagaState(api, orderId);
    if (done(state)) return state;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function finalSaga(api: ApiHarness, orderId: string): Promise<LooseJson> {
  const handle = api.deps.temporal.client.workflow.getHandle(`order-${orderId}`);
  return (await handle.result()) as LooseJson;
}
