import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../platform/process/config-error';
import type { AppConfig } from './app-config';

/**
 * The bearer token of every worker process's /metrics: METRICS_TOKEN when set (required in
 * production); in local use one generated once into the data folder, shared by every process.
 */
export function loadMetricsToken(config: Pick<AppConfig, 'env' | 'dataDir' | 'metricsToken'>): string {
  if (config.metricsToken) return config.metricsToken;
  if (config.env === 'production') throw new ConfigError([{ variable: 'METRICS_TOKEN', message: 'must be set in production (16+ random characters)' }]);
  const file = join(config.dataDir, 'metrics-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const token = `mt_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
