import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyRing, KeyRingError } from '../platform/crypto/key-ring';
import { ConfigError } from '../platform/process/config-error';
import type { AppConfig } from './app-config';

/**
 * The key ring that encrypts data at rest (card numbers, webhook secrets, Temporal payloads):
 * DATA_ENCRYPTION_KEYS when set (required in production); in local use one key generated once
 * into the data folder, so every process of the local stack and every restart share it.
 */
export function loadDataKeys(config: Pick<AppConfig, 'env' | 'dataDir' | 'dataEncryptionKeys'>): KeyRing {
  const spec = config.dataEncryptionKeys ?? (config.env === 'production' ? undefined : localDataKey(config.dataDir));
  if (spec === undefined) throw new ConfigError([{ variable: 'DATA_ENCRYPTION_KEYS', message: 'must be set in production (id:base64-of-32-random-bytes)' }]);
  try {
    return KeyRing.parse(spec);
  } catch (err) {
    if (err instanceof KeyRingError) throw new ConfigError([{ variable: 'DATA_ENCRYPTION_KEYS', message: err.message }]);
    throw err;
  }
}

function localDataKey(dataDir: string): string {
  const file = join(dataDir, 'data-encryption-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const spec = `local1:${randomBytes(32).toString('base64')}`;
  writeFileSync(file, `${spec}\n`, { mode: 0o600 });
  return spec;
}
