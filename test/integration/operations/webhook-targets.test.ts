import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicMessage } from '../../../shared/platform/messaging/public-message';
import { WebhookSubscriber } from '../../../shared/platform/webhooks/webhook-subscriber';
import { WebhookTargetPolicy, WebhookTargetRefusedError } from '../../../shared/platform/webhooks/webhook-target-policy';
import { readJson, startApiHarness, TEST_KEYS, type ApiHarness } from '../../support/api-harness';

let api: ApiHarness;
let production: ApiHarness;
let receiver: Server;
let redirector: Server;
const hits: string[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let receiverUrl: string;
let redirectorUrl: string;
beforeAll(async () => {
  api = await startApiHarness();
  production = await startApiHarness({ NODE_ENV: 'production' });
  receiver = createServer((req, res) => { hits.push(req.url ?? ''); res.writeHead(204).end(); });
  receiverUrl = await listen(receiver);
  redirector = createServer((_req, res) => { res.writeHead(307, { location: `${receiverUrl}/redirected` }).end(); });
  redirectorUrl = await listen(redirector);
});
afterAll(async () => {
  receiver?.close();
  redirector?.close();
  await Promise.all([api?.close(), production?.close()]);
});

const message = (): PublicMessage => ({
  type: 'inventory.stock-level-changed', kind: 'state-transfer', messageId: randomUUID(), correlationId: 'c', causationId: 'c', streamId: 'stock-X',
  version: 1, timestamp: new Date(), schemaVersion: 1, payload: {},
});

/** Any published message will do: these tests are about where deliveries may go. */
const messages = [{ type: 'ordering.order-confirmed', version: 1 }];

describe('webhook targets (server-side request forgery)', () => {
  it.each([
    ['loopback', () => `${receiverUrl}/hook`, /127\.0\.0\.1, a loopback address/],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', /linkLocal/],
    ['a private network', () => 'https://10.0.0.8/hook', /private/],
    ['localhost by name', () => 'https://localhost/hook', /loopback/],
  ])('refuses a subscription to %s with 400', async (_what, url, reason) => {
    const res = await api.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: { name: `ssrf-${randomUUID().slice(0, 8)}`, url: url(), messages } });
    expect(res.status).toBe(400);
    expect((await readJson(res)).errors).toEqual([expect.objectContaining({ path: 'url', message: expect.stringMatching(reason) })]);
  });

  it('accepts a public https target, and one whose host does not resolve yet (each delivery checks again)', async () => {
    for (const url of ['https://8.8.8.8/hook', 'https://erp.example/hooks']) {
      const res = await api.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: { name: `ok-${randomUUID().slice(0, 8)}`, url, messages } });
      expect(res.status, url).toBe(201);
    }
  });

  it('refuses plain http in production', async () => {
    const res = await production.request('POST', '/webhooks', { key: TEST_KEYS.admin, body: { name: 'plain', url: 'http://8.8.8.8/hook', messages } });
    expect(res.status).toBe(400);
    expect((await readJson(res)).errors[0].message).toBe('the URL must use https');
  });

  it('checks again at delivery: a subscription the policy no longer allows is not delivered', async () => {
    const sink = (policy: WebhookTargetPolicy) => new WebhookSubscriber({ name: 'webhook:made-when-allowed', url: `${receiverUrl}/hook`, secret: 'whsec_test', timeoutMs: 1_000, policy });
    await expect(sink(new WebhookTargetPolicy({ httpAllowed: true, allowed: [] })).deliver(message())).rejects.toThrow(WebhookTargetRefusedError);
    expect(hits).toEqual([]);

    await sink(new WebhookTargetPolicy({ httpAllowed: true, allowed: ['127.0.0.1'] })).deliver(message());
    expect(hits).toEqual(['/hook']);
  });

  it('does not follow a redirect, which would lead where the policy has not looked', async () => {
    hits.length = 0;
    const redirecting = new WebhookSubscriber({
      name: 'webhook:redirects', url: `${redirectorUrl}/hook`, secret: 'whsec_test', timeoutMs: 1_000, policy: new WebhookTargetPolicy({ httpAllowed: true, allowed: ['127.0.0.1'] }),
    });
    await expect(redirecting.deliver(message())).rejects.toThrow(/answered 307/);
    expect(hits).toEqual([]);
  });
});
