import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '../../../shared/platform/webhooks/webhook-signature';

const secret = 'whsec-test';
const body = JSON.stringify({ type: 'order-placed', 'event-id': 'e-1' });
const nowMs = 1_767_225_600_000;
const timestamp = String(nowMs / 1000);

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    expect(signWebhookBody(secret, timestamp, body)).toBe(`sha256=${expected}`);
  });

  it('verifies a fresh, intact message', () => {
    expect(verifyWebhookSignature(secret, timestamp, body, signWebhookBody(secret, timestamp, body), 300, nowMs)).toBe(true);
  });

  it('rejects a changed body, another secret, a changed timestamp or a malformed signature', () => {
    const signature = signWebhookBody(secret, timestamp, body);
    expect(verifyWebhookSignature(secret, timestamp, `${body} `, signature, 300, nowMs)).toBe(false);
    expect(verifyWebhookSignature('other', timestamp, body, signature, 300, nowMs)).toBe(false);
    expect(verifyWebhookSignature(secret, String(Number(timestamp) + 1), body, signature, 300, nowMs)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, 'sha256=00', 300, nowMs)).toBe(false);
    expect(verifyWebhookSignature(secret, 'soon', body, signature, 300, nowMs)).toBe(false);
  });

  it('rejects a stale or future timestamp (replay protection)', () => {
    const old = String(nowMs / 1000 - 301);
    expect(verifyWebhookSignature(secret, old, body, signWebhookBody(secret, old, body), 300, nowMs)).toBe(false);
    const future = String(nowMs / 1000 + 301);
    expect(verifyWebhookSignature(secret, future, body, signWebhookBody(secret, future, body), 300, nowMs)).toBe(false);
  });
});
