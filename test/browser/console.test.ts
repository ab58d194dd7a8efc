import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, TEST_KEYS } from '../support/api-harness';
import { SimulatedPaymentGateway, TEST_CARDS } from '../../shared/adapters/simulated-payment-gateway';
import { CARDS, finalSaga, orderBody, placeOrder, receiveStock, uniqueSku, waitForSaga } from '../support/orders';
import { launchChromium, screenshot, watchCspViolations } from './browser';
import { ensureConsoleBuilt, startConsoleStack, type ConsoleStack } from './console-stack';

let stack: ConsoleStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
const completed = orderBody({});
const compensated = orderBody({});
const stuck = orderBody({});
let gateway: SimulatedPaymentGateway;
let webhookSku: string;

/** Polls until `check` holds; the test runner's timeout bounds the wait, as everywhere in this suite. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check().catch(() => false))) await new Promise((r) => setTimeout(r, 250));
}
const text = async (p: Page, testId: string): Promise<string> => (await p.getByTestId(testId).first().textContent()) ?? '';

/** Signs in on a fresh page of `ctx` with `key`. */
async function signIn(ctx: BrowserContext, key: string): Promise<Page> {
  const p = await ctx.newPage();
  watchCspViolations(p, problems);
  await p.goto(`${stack.api.baseUrl}/console/`);
  await p.getByTestId('api-key').fill(key);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByTestId('who').waitFor();
  return p;
}

/** An order that completes and one whose card is declined (compensated), placed through the API. */
async function placeOrders(): Promise<void> {
  const { api } = stack;
  const sku = uniqueSku('browser');
  await receiveStock(api, sku, 20);
  Object.assign(completed, orderBody({ lines: [{ sku, quantity: 2, unitPriceCents: 1250 }], state: 'CA' }));
  Object.assign(compensated, orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 4500 }], card: CARDS.declined, state: 'NY' }));
  await Promise.all([placeOrder(api, completed), placeOrder(api, compensated)]);
  expect((await finalSaga(api, completed.orderId)).status).toBe('COMPLETED');
  expect((await finalSaga(api, compensated.orderId)).status).toBe('COMPENSATED');
}

/** An order whose capture is declined while the gateway refuses voids: its saga is left COMPENSATION_FAILED. */
async function leaveCompensationFailed(): Promise<void> {
  const { api } = stack;
  const sku = uniqueSku('stuck');
  await receiveStock(api, sku, 1);
  Object.assign(stuck, orderBody({ lines: [{ sku, quantity: 1, unitPriceCents: 1_250 }], card: TEST_CARDS.captureDeclined }));
  await placeOrder(api, stuck);
  await waitForSaga(api, stuck.orderId, (s) => s.status === 'COMPENSATION_FAILED');
}

/** A webhook whose receiver is down: the relay retries twice, then parks the message as a dead letter. */
async function parkDeadLetter(): Promise<void> {
  const { api } = stack;
  const hook = await api.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: { name: 'stock-mirror', url: stack.receiver.url, messages: [{ type: 'inventory.stock-level-changed', version: 1 }] } });
  expect(hook.status).toBe(201);
  await stack.startRelay();
  await receiveStock(api, webhookSku, 3);
  await until(async () => {
    const parked = await readJson(await api.request('GET', '/dead-letters?subscriber=webhook:stock-mirror', { key: TEST_KEYS.admin }));
    return (parked.items as { streamId: string }[]).some((d) => d.streamId === `stock-${webhookSku}`);
  });
}

// A runner safety net sized for the shared machine under a full parallel run (servers, a worker,
// the projector's first rebuild, two sagas, a dead letter, a browser), not a performance limit.
const SETUP_SAFETY_NET_MS = 600_000;

beforeAll(async () => {
  const [, started] = await Promise.all([ensureConsoleBuilt(), startConsoleStack()]);
  stack = started;
  webhookSku = uniqueSku('hook');
  // Only the stuck order needs a reversal: the others complete or are declined before any authorization.
  gateway = new SimulatedPaymentGateway({ db: stack.api.deps.mongo.db });
  await gateway.suspendReversals('merchant account under review');
  const lead = stack.api.request('POST', '/leads', { key: TEST_KEYS.commands, body: { leadId: `l${randomUUID().slice(0, 6)}`, firstName: 'Mark', lastName: 'David', phoneNumber: '+14155552951' } });
  await Promise.all([placeOrders(), leaveCompensationFailed(), parkDeadLetter(), lead.then((r) => expect(r.status).toBeLessThan(300))]);

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // No Playwright time limits: waits end when the page gets there or the test runner's timeout.
  context.setDefaultTimeout(0);
}, SETUP_SAFETY_NET_MS);

afterAll(async () => {
  await gateway?.resumeReversals();
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

describe('the operations console in a real headless Chromium', () => {
  it('is served with a strict Content-Security-Policy, refuses a bad key with a readable message, and signs in with a good one', async () => {
    page = await context.newPage();
    watchCspViolations(page, problems);
    const res = await page.goto(`${stack.api.baseUrl}/console/`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.locator('script:not([src])').count()).toBe(0);

    await page.getByTestId('api-key').fill('not-a-key-of-this-api-0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await until(async () => (await text(page, 'problem')).includes('the API key is not valid'));
    expect(await page.getByTestId('problem').textContent()).toContain('Authentication required');
    await screenshot(page, '01-sign-in-refused');

    await page.getByTestId('api-key').fill(TEST_KEYS.all);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toContain('commands, queries, admin');
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('saga-console.key'))).toBe(TEST_KEYS.all);
  });

  it('finds an order placed through the API and steps its stream back in time', async () => {
    await page.getByTestId('nav-streams').click();
    await page.getByTestId('stream-key').fill(completed.orderId);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: new RegExp(`^order-${completed.orderId}`) }).click();

    const slider = page.getByTestId('version-slider');
    await until(async () => (await text(page, 'state-version')) === '2');
    expect(await page.getByTestId('state').textContent()).toContain('"status": "confirmed"');
    expect(await page.getByTestId('event-2').getAttribute('data-applied')).toBe('true');

    await page.getByTestId('step-back').click();
    await until(async () => (await text(page, 'state-version')) === '1');
    await until(async () => (await text(page, 'state')).includes('"status": "pending"'));
    expect(await page.getByTestId('event-1').getAttribute('data-applied')).toBe('true');
    expect(await page.getByTestId('event-2').getAttribute('data-applied')).toBe('false');
    await page.getByTestId('event-1').locator('summary').click();
    expect(await page.getByTestId('event-1').textContent()).toContain('"correlationId"');
    await screenshot(page, '02-stream-time-travel');

    await slider.fill('0');
    await until(async () => (await text(page, 'state')).includes('"status": "not-placed"'));
    expect(await page.getByTestId('event-1').getAttribute('data-applied')).toBe('false');

    // A query the API refuses shows its problem+json as a readable message, field by field.
    await page.getByTestId('stream-key').fill('not$a-key');
    await page.getByRole('button', { name: 'Search' }).click();
    await until(async () => (await text(page, 'problem')).includes('Request validation failed'));
    expect(await page.getByTestId('problem').textContent()).toMatch(/query key: .*letters, digits/);
    expect(await page.getByTestId('stream-results').count()).toBe(0);
    await screenshot(page, '03-stream-search-problem');
  });

  it("shows a compensated saga's timeline with a link to its run in the Temporal Web UI", async () => {
    await page.getByTestId('nav-sagas').click();
    await page.getByTestId('saga-status-COMPENSATED').click();
    // Temporal's visibility catches up with the run's final status within moments; the list polls.
    await page.getByTestId(`saga-${compensated.orderId}`).click();
    const entries = page.getByTestId('timeline-entry');
    await until(async () => (await entries.count()) === 5);
    const outcomes = await entries.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-outcome')}`));
    const sku = compensated.lines[0]?.sku;
    expect(outcomes).toEqual(['place-order:completed', `reserve-stock:${sku}:completed`, 'authorize-payment:failed', `reserve-stock:${sku}:compensated`, ':event']);
    expect(await page.getByTestId('timeline-status').textContent()).toBe('COMPENSATED');
    expect(await page.getByTestId('web-ui-link').getAttribute('href')).toMatch(new RegExp(`/namespaces/default/workflows/order-${compensated.orderId}/[0-9a-f-]+/history$`));
    await screenshot(page, '04-saga-timeline');
  });

  it('retries the failed compensations of a COMPENSATION_FAILED saga (admin only) once the cause is fixed', async () => {
    const reader = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    reader.setDefaultTimeout(0);
    try {
      const p = await signIn(reader, TEST_KEYS.queries);
      await p.goto(`${stack.api.baseUrl}/console/#/sagas?order=${stuck.orderId}`);
      await until(async () => (await text(p, 'timeline-status')) === 'COMPENSATION_FAILED');
      expect(await p.getByTestId('compensation-retry').count()).toBe(0);
    } finally {
      await reader.close();
    }

    await page.goto(`${stack.api.baseUrl}/console/#/sagas?order=${stuck.orderId}`);
    await until(async () => (await text(page, 'timeline-status')) === 'COMPENSATION_FAILED');
    const failedUndo = page.locator('[data-testid="timeline-entry"][data-outcome="compensation-failed"]');
    await until(async () => (await failedUndo.count()) === 1);
    expect(await failedUndo.getAttribute('data-step')).toBe('authorize-payment');
    expect(await failedUndo.textContent()).toContain('reversals-suspended');
    // Refused while the gateway still refuses voids: the outcome says what still fails.
    await page.getByTestId('retry-operator').fill('olga');
    await page.getByTestId('retry-compensations').click();
    await until(async () => (await text(page, 'retry-outcome')).includes('still failing: authorize-payment'));
    expect(await text(page, 'retry-outcome')).toContain('COMPENSATION_FAILED');

    await gateway.resumeReversals();
    await page.getByTestId('retry-compensations').click();
    await until(async () => (await text(page, 'retry-outcome')).includes('the saga is COMPENSATED'));
    await until(async () => (await text(page, 'timeline-status')) === 'COMPENSATED');
    expect(await page.getByTestId('retry-compensations').count()).toBe(0);
    await screenshot(page, '04b-compensation-retried');
  });

  it('inspects and requeues a dead letter, which the repaired receiver then gets', async () => {
    await page.getByTestId('nav-dead-letters').click();
    const row = page.locator(`[data-testid="dead-letter"][data-id="webhook:stock-mirror|stock-${webhookSku}@1"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Inspect' }).click();
    expect(await text(page, 'dead-letter-detail')).toContain('answered 500: receiver down');
    expect(await text(page, 'dead-letter-detail')).toContain(`"streamId": "stock-${webhookSku}"`);
    await screenshot(page, '05-dead-letters');

    stack.receiver.accept(true);
    await row.getByTestId('requeue').click();
    await until(async () => (await text(page, 'notice')).includes('Re-queued'));
    await until(async () => stack.receiver.received.some((b) => b.includes(`stock-${webhookSku}`)));
    await row.waitFor({ state: 'detached' });
  });

  it("shows each view's checkpoint and lag chart, and rebuilds a view with progress", async () => {
    await page.getByTestId('nav-read-side').click();
    await page.getByTestId('view-order-summary').waitFor();
    // The lag history fills every 5 s while the page is open: wait for a line of several samples.
    const drawn = () => page.getByTestId('chart-lag-order-summary').evaluate((element) => {
      const c = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };
      const { data } = c.getContext('2d')?.getImageData(0, 0, c.width, c.height) ?? { data: new Uint8ClampedArray() };
      let line = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs((data[i] ?? 0) - 37) < 30 && Math.abs((data[i + 1] ?? 0) - 99) < 30 && (data[i + 2] ?? 0) > 200) line += 1;
      return line;
    });
    await until(async () => (await drawn()) > 20);
    expect(await page.getByTestId('view-order-summary').textContent()).toMatch(/order-|stock-|payment-|shipment-|points-/);

    await page.getByTestId('rebuild-button-sales-by-state').click();
    const progress = page.getByTestId('rebuild-progress-sales-by-state');
    await until(async () => (await progress.getAttribute('data-status')) !== 'running' && (await progress.count()) > 0);
    expect(await progress.getAttribute('data-status')).toBe('completed');
    expect(await progress.textContent()).toContain('100 %');
    await screenshot(page, '06-read-side');
  });

  it('lists the message catalogue and follows the live feed with a filter', async () => {
    await page.getByTestId('nav-messages').click();
    await until(async () => (await text(page, 'catalogue')).includes('inventory.stock-level-changed'));
    await page.getByTestId('feed-toggle').click();
    await until(async () => (await text(page, 'feed-state')) === 'connected');
    const sku = uniqueSku('live');
    await receiveStock(stack.api, sku, 4);
    await page.getByTestId('feed-filter').fill(`stock-${sku}`);
    await until(async () => (await page.getByTestId('live-message').count()) === 1);
    expect(await page.getByTestId('live-message').textContent()).toContain('inventory.stock-level-changed');
    await screenshot(page, '07-messages');
  });

  it('charts the leads funnel and sales by state, and lists the data products with their health', async () => {
    await page.getByTestId('nav-reports').click();
    await until(async () => /^[1-9]\d* lead\(s\)/.test(await text(page, 'funnel-summary')));
    await until(async () => /[1-9]\d* confirmed order/.test(await text(page, 'sales-total')));
    await page.getByTestId('chart-sales-by-state').waitFor();
    // The funnel above is answered from this product, so it is built; its health follows within a refresh.
    await until(async () => (await page.getByTestId('data-product-crm.lead-funnel').getAttribute('data-health')) === 'healthy');
    expect(await text(page, 'data-product-crm.lead-funnel')).toMatch(/crm\.lead-funnel v\d/);
    await screenshot(page, '08-reports');
  });

  it('offers a key without the admin scope no admin actions, and shows the API refusing it as a readable message', async () => {
    const reader = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    reader.setDefaultTimeout(0);
    try {
      const p = await signIn(reader, TEST_KEYS.queries);
      expect(await p.getByTestId('nav-dead-letters').count()).toBe(0);
      await p.getByTestId('nav-read-side').click();
      await p.getByTestId('view-order-summary').waitFor();
      expect(await p.getByRole('button', { name: 'Rebuild' }).count()).toBe(0);
      await p.goto(`${stack.api.baseUrl}/console/#/dead-letters`);
      await until(async () => (await text(p, 'problem')).includes("Insufficient scope"));
      expect(await p.getByTestId('problem').textContent()).toContain("needs the 'admin' scope");
      expect(await p.getByTestId('requeue').count()).toBe(0);
      await screenshot(p, '09-no-admin-scope');
    } finally {
      await reader.close();
    }
  });

  it('ran every page without a Content-Security-Policy violation or a script error', () => {
    expect(problems).toEqual([]);
  });
});
