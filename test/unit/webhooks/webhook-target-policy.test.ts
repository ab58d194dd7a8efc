import { describe, expect, it } from 'vitest';
import { WebhookTargetPolicy, WebhookTargetRefusedError } from '../../../shared/platform/webhooks/webhook-target-policy';

const strict = new WebhookTargetPolicy({ httpAllowed: false, allowed: [] });
const local = new WebhookTargetPolicy({ httpAllowed: true, allowed: [] });

async function refusal(policy: WebhookTargetPolicy, url: string): Promise<string | undefined> {
  try {
    await policy.check(url);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookTargetRefusedError);
    return (err as Error).message;
  }
}

describe('webhook target policy', () => {
  it('accepts https to a public address', async () => {
    expect(await refusal(strict, 'https://8.8.8.8/hooks')).toBeUndefined();
    expect(await refusal(strict, 'https://[2001:4860:4860::8888]/hooks')).toBeUndefined();
  });

  it('refuses plain http outside local use, and other schemes always', async () => {
    expect(await refusal(strict, 'http://8.8.8.8/hooks')).toBe('the URL must use https');
    expect(await refusal(local, 'http://8.8.8.8/hooks')).toBeUndefined();
    expect(await refusal(local, 'ftp://8.8.8.8/hooks')).toBe('the URL must use http or https');
    expect(await refusal(local, 'not a url')).toBe('not a URL');
  });

  it.each([
    ['https://127.0.0.1/', 'loopback'],
    ['https://127.1.2.3:8443/', 'loopback'],
    ['https://10.0.0.5/', 'private'],
    ['https://172.16.0.1/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['https://100.64.0.1/', 'carrierGradeNat'],
    ['https://0.0.0.0/', 'unspecified'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://[::1]/', 'loopback'],
    ['https://[fe80::1]/', 'linkLocal'],
    ['https://[fd00::1]/', 'uniqueLocal'],
    ['https://[::ffff:10.0.0.1]/', 'private'],
    ['https://0x7f000001/', 'loopback'],
    ['https://localhost/', 'loopback'],
  ])('refuses %s (%s)', async (url, range) => {
    expect(await refusal(strict, url)).toMatch(new RegExp(`a ${range} address`));
  });

  it('lets the allow-list name hosts, addresses and ranges for local use', async () => {
    const allowLocal = new WebhookTargetPolicy({ httpAllowed: true, allowed: ['localhost', '10.1.0.0/16', '::1'] });
    expect(await refusal(allowLocal, 'http://localhost:8080/')).toBeUndefined();
    expect(await refusal(allowLocal, 'http://10.1.2.3/')).toBeUndefined();
    expect(await refusal(allowLocal, 'http://[::1]:9000/')).toBeUndefined();
    expect(await refusal(allowLocal, 'http://10.2.0.1/')).toMatch(/private/);
    expect(await refusal(allowLocal, 'http://127.0.0.1/')).toMatch(/loopback/);
  });

  it('refuses a host that does not resolve', async () => {
    expect(await refusal(strict, 'https://no-such-host.invalid/')).toMatch(/does not resolve/);
  });
});
