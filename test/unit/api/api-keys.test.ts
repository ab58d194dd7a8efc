import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiKeysError, hashKey, localDevKey, parseApiKeys } from '../../../api/http/api-keys';
import { codecEndpointToken, scopesOfCodecToken } from '../../../api/routes/codec/codec-endpoint-token';

describe('parseApiKeys', () => {
  it('reads key:scope+scope and * for every scope', () => {
    const ring = parseApiKeys('reader-key-0123456789:queries, writer-key-0123456789:commands+queries,root-key-01234567890:*');
    expect([...(ring.lookup('reader-key-0123456789')?.scopes ?? [])]).toEqual(['queries']);
    expect([...(ring.lookup('writer-key-0123456789')?.scopes ?? [])].sort()).toEqual(['commands', 'queries']);
    expect([...(ring.lookup('root-key-01234567890')?.scopes ?? [])].sort()).toEqual(['admin', 'commands', 'queries']);
    expect(ring.lookup('unknown')).toBeUndefined();
    expect(ring.lookup('reader-key-012345678')).toBeUndefined();
  });

  it('accepts a key given as its SHA-256, so the configuration need not hold the key', () => {
    const ring = parseApiKeys(`sha256:${hashKey('a-key-kept-elsewhere-0001').toUpperCase()}:queries,plain-key-000000001:admin`);
    expect([...(ring.lookup('a-key-kept-elsewhere-0001')?.scopes ?? [])]).toEqual(['queries']);
    expect(ring.lookup(`sha256:${hashKey('a-key-kept-elsewhere-0001')}`)).toBeUndefined();
    expect([...(ring.lookup('plain-key-000000001')?.scopes ?? [])]).toEqual(['admin']);
  });

  it('derives the same codec endpoint token from a key and from its sha256: entry, which the keyring accepts', () => {
    const entry = `sha256:${hashKey('a-key-kept-elsewhere-0002').toUpperCase()}`;
    const ring = parseApiKeys(`${entry}:queries`);
    expect(codecEndpointToken(entry)).toBe(codecEndpointToken('a-key-kept-elsewhere-0002'));
    expect([...(scopesOfCodecToken(ring, codecEndpointToken(entry)) ?? [])]).toEqual(['queries']);
    expect(scopesOfCodecToken(ring, codecEndpointToken('another-key-000000001'))).toBeUndefined();
  });

  it('identifies a key by a prefix of its hash, never by the key', () => {
    const id = parseApiKeys('identity-key-00000001:*').lookup('identity-key-00000001')?.id;
    expect(id).toBe(hashKey('identity-key-00000001').slice(0, 16));
    expect(id).not.toContain('identity');
  });

  it.each([
    ['', 'empty'],
    ['justakeywithoutscopes', 'must be key:scopes'],
    ['short:*', 'shorter than 16'],
    ['long-enough-key-000:write', "unknown scope 'write'"],
    ['same-key-0000000001:queries,same-key-0000000001:admin', 'twice'],
    ['sha256:abc:queries', 'shorter than 16'],
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
