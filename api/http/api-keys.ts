import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const SCOPES = ['commands', 'queries', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export class ApiKeysError extends Error {
  override readonly name = 'ApiKeysError';
}

/** A key the API accepts: its id (a prefix of its SHA-256, safe to log and to count requests by) and scopes. */
export interface ApiKeyIdentity {
  readonly id: string;
  readonly scopes: ReadonlySet<Scope>;
}

interface KeyEntry extends ApiKeyIdentity {
  readonly hash: Buffer;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const HASHED_KEY = /^sha256:([0-9a-f]{64})$/i;

/** The SHA-256 (hex) of a key as API_KEYS names it: the key itself, or `sha256:<hex>` standing for it. */
export function configuredKeyHash(key: string): string {
  const hashed = HASHED_KEY.exec(key);
  return hashed ? (hashed[1] as string).toLowerCase() : hashKey(key);
}

/**
 * The configured API keys, held only as SHA-256 hashes. A lookup compares the presented key's
 * hash with every configured hash in constant time and never stops early, so neither the
 * comparison nor the position of a match shows in the response time.
 */
export class ApiKeyring {
  private constructor(private readonly entries: readonly KeyEntry[]) {}

  /** Parses `key:scope+scope,sha256:<hex of the key's SHA-256>:*` (a hash keeps the key itself out of the configuration). */
  static parse(spec: string): ApiKeyring {
    const entries: KeyEntry[] = [];
    for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      const sep = entry.lastIndexOf(':');
      if (sep <= 0) throw new ApiKeysError(`API_KEYS entry '${mask(entry)}' must be key:scopes`);
      const key = entry.slice(0, sep);
      if (!HASHED_KEY.test(key) && key.length < 16) throw new ApiKeysError(`API_KEYS key '${mask(key)}' is shorter than 16 characters`);
      const hex = configuredKeyHash(key);
      if (entries.some((e) => e.id === hex.slice(0, 16))) throw new ApiKeysError(`API_KEYS names key '${mask(key)}' twice`);
      entries.push({ id: hex.slice(0, 16), hash: Buffer.from(hex, 'hex'), scopes: parseScopes(entry.slice(sep + 1), key) });
    }
    if (entries.length === 0) throw new ApiKeysError('API_KEYS is empty');
    return new ApiKeyring(entries);
  }

  lookup(key: string): ApiKeyIdentity | undefined {
    const presented = createHash('sha256').update(key).digest();
    let found: KeyEntry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, entry.hash) && !found) found = entry;
    }
    return found ? { id: found.id, scopes: found.scopes } : undefined;
  }

  /**
   * The key a credential derived from a key's hash belongs to (e.g. a codec endpoint token), compared
   * in constant time against every key like `lookup`.
   */
  lookupDerived(credential: string, derive: (keyHashHex: string) => string): ApiKeyIdentity | undefined {
    const presented = createHash('sha256').update(credential).digest();
    let found: KeyEntry | undefined;
    for (const entry of this.entries) {
      const expected = createHash('sha256').update(derive(entry.hash.toString('hex'))).digest();
      if (timingSafeEqual(presented, expected) && !found) found = entry;
    }
    return found ? { id: found.id, scopes: found.scopes } : undefined;
  }
}

/** Parses `key:scope+scope,otherkey:*`; see ApiKeyring.parse. */
export function parseApiKeys(spec: string): ApiKeyring {
  return ApiKeyring.parse(spec);
}

function parseScopes(spec: string, key: string): ReadonlySet<Scope> {
  if (spec === '*') return new Set<Scope>(SCOPES);
  const scopes = new Set<Scope>();
  for (const s of spec.split('+')) {
    if (!(SCOPES as readonly string[]).includes(s)) {
      throw new ApiKeysError(`API_KEYS key '${mask(key)}' has unknown scope '${s}' (known: ${SCOPES.join(', ')}, or *)`);
    }
    scopes.add(s as Scope);
  }
  return scopes;
}

function mask(s: string): string {
  return s.length <= 4 ? '****' : `${s.slice(0, 4)}…`;
}

/**
 * For local use without API_KEYS: one key with every scope, generated once and kept in
 * the data folder so restarts keep working with the key printed the first time.
 */
export function localDevKey(dataDir: string): { key: string; created: boolean } {
  const file = join(dataDir, 'api-key');
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), created: false };
  mkdirSync(dataDir, { recursive: true });
  const key = `dev_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, created: true };
}
