import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../platform/process/config-error';
import type { AppConfig } from './app-config';

/**
 * The key of the keyed hashes that stand for personal values in data products: PSEUDONYMISATION_KEY
 * when set (required in production); in local use one key generated once into the data folder.
 * Changing it changes every pseudonym: the analytical worker must then rebuild its products
 * (delete its DuckDB file), or joins across old and new files break.
 */
export function loadPseudonymisationKey(config: Pick<AppConfig, 'env' | 'dataDir' | 'dataProducts'>): Buffer {
  const spec = config.dataProducts.pseudonymisationKey ?? (config.env === 'production' ? undefined : localKey(config.dataDir));
  if (spec === undefined) throw new ConfigError([{ variable: 'PSEUDONYMISATION_KEY', message: 'must be set in production (base64 of 32 random bytes: openssl rand -base64 32)' }]);
  const key = Buffer.from(spec, 'base64');
  if (key.length < 32) throw new ConfigError([{ variable: 'PSEUDONYMISATION_KEY', message: `must be base64 of at least 32 bytes, not ${key.length}` }]);
  return key;
}

function localKey(dataDir: string): string {
  const file = join(dataDir, 'pseudonymisation-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
