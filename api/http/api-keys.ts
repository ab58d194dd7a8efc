import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const SCOPES = ['commands', 'queries', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export class ApiKeysError extends Error {
  override readonly name = 'ApiKeysError';
}

/** API keys by the SHA-256 of the key, so lookups never compare secrets byte by byte. */
export type ApiKeyring = ReadonlyMap<string, ReadonlySet<Scope>>;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Parses `key:scope+scope,otherkey:*`. */
export function parseApiKeys(spec: string): ApiKeyring {
  const ring = new Map<string, Set<Scope>>();
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const sep = entry.lastIndexOf(':');
    if (sep <= 0) throw new ApiKeysError(`API_KEYS entry '${mask(entry)}' must be key:scopes`);
    const key = entry.slice(0, sep);
    const scopeSpec = entry.slice(sep + 1);
    if (key.length < 16) throw new ApiKeysError(`API_KEYS key '${mask(key)}' is shorter than 16 characters`);
    const scopes = scopeSpec === '*' ? new Set<Scope>(SCOPES) : new Set<Scope>();
    if (scopeSpec !== '*') {
      for (const s of scopeSpec.split('+')) {
        if (!(SCOPES as readonly string[]).includes(s)) {
          throw new ApiKeysError(`API_KEYS key '${mask(key)}' has unknown scope '${s}' (known: ${SCOPES.join(', ')}, or *)`);
        }
        scopes.add(s as Scope);
      }
    }
    ring.set(hashKey(key), scopes);
  }
  if (ring.size === 0) throw new ApiKeysError('API_KEYS is empty');
  return ring;
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
