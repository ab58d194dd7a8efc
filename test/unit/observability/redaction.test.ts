import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../shared/platform/observability/logger';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
  return { lines, stream };
}

const SECRET = 'whsec_do-not-log-me-0123456789';
const KEY = 'api-key-do-not-log-0123456789';
const CARD = '4242424242424242';

describe('the logger redacts secrets', () => {
  it.each([
    ['headers', { req: { method: 'GET', headers: { authorization: `Bearer ${KEY}`, 'x-api-key': KEY, cookie: `s=${KEY}` } } }],
    ['a webhook secret at any depth up to four', { secret: SECRET, sub: { secret: SECRET, deeper: { secret: SECRET, deepest: { secret: SECRET } } } }],
    ['configuration', { config: { api: { apiKeys: `${KEY}:*` }, dataEncryptionKeys: `k1:${SECRET}`, metricsToken: SECRET }, API_KEYS: KEY }],
    ['card details', { payment: { card: { number: CARD, expiryMonth: 12 } }, order: { payment: { card: { number: CARD } } }, cardNumber: CARD }],
    ['tokens and passwords', { token: SECRET, user: { password: SECRET } }],
  ])('in %s', (_what, fields) => {
    const { lines, stream } = capture();
    createLogger('test', 'info', stream).info(fields, 'something happened');
    const out = lines.join('');
    expect(out).toContain('something happened');
    expect(out).toContain('[REDACTED]');
    for (const secret of [SECRET, KEY, CARD]) expect(out).not.toContain(secret);
  });

  it('keeps what is not a secret', () => {
    const { lines, stream } = capture();
    createLogger('test', 'info', stream).info({ orderId: 'o-1', cardLast4: '4242', req: { method: 'POST', url: '/orders' } }, 'placed');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ orderId: 'o-1', cardLast4: '4242', req: { method: 'POST', url: '/orders' } });
  });
});
