import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiKeysError, hashKey, localDevKey, parseApiKeys } from '../../../api/http/api-keys';

describe('parseApiKeys', () => {
  it('reads key:scope+scope and * for every scope', () => {
    const ring = parseApiKeys('reader-key-0123456789:queries, writer-key-0123456789:commands+queries,root-key-01234567890:*');
    expect([...(ring.get(hashKey('reader-key-0123456789')) ?? [])]).toEqual(['queries']);
    expect([...(ring.get(hashKey('writer-key-0123456789')) ?? [])].sort()).toEqual(['commands', 'queries']);
    expect([...(ring.get(hashKey('root-key-01234567890')) ?? [])].sort()).toEqual(['admin', 'commands', 'queries']);
    expect(ring.get(hashKey('unknown'))).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['justakeywithoutscopes', 'must be key:scopes'],
    ['short:*', 'shorter than 16'],
    ['long-enough-key-000:write', "unknown scope 'write'"],
  ])('refuses %j with a clear error', (spec, message) => {
    expect(() => parseApiKeys(spec)).toThrow(ApiKeysError);
    expect(() => parseApiKeys(spec)).toThrow(message);
  });

  it('never echoes a whole key in errors', () => {
    expect(() => parseApiKeys('supersecretvalue-123:bogus')).toThrow(/supe…/);
    expect(() => parseApiKeys('supersecretvalue-123:bogus')).not.toThrow(/supersecretvalue-123/);
  });
});

describe('localDevKey', () => {
  it('is generated once, kept private, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const first = localDevKey(dir);
    const second = localDevKey(dir);
    expect(first.created).toBe(true);
    expect(second).toEqual({ key: first.key, created: false });
    expect(first.key.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'api-key'), 'utf8').trim()).toBe(first.key);
    expect(statSync(join(dir, 'api-key')).mode & 0o777).toBe(0o600);
  });
});
