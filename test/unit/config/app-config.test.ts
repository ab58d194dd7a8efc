import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../shared/app/app-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.api).toEqual({
      host: '127.0.0.1', port: 3000, bodyLimit: '256kb', apiKeys: undefined,
      throttling: { windowMs: 60_000, requestsPerKey: 1_200, authFailuresPerAddress: 30 }, trustProxyHops: 0,
    });
    expect(c.webhooks).toEqual({ httpAllowed: true, allowedTargets: [] });
    expect(c.metricsToken).toBeUndefined();
    expect(c.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'saga-platform', uiUrl: 'http://localhost:8233' });
    expect(c.mongo).toEqual({ uri: 'mongodb://127.0.0.1:27017/', dbName: 'saga_platform', readDbName: 'saga_platform_read' });
    expect(c.env).toBe('development');
  });

  it('derives server addresses from the stack ports, and explicit addresses win', () => {
    expect(loadConfig({ TEMPORAL_PORT: '7999', FERRETDB_PORT: '28000' })).toMatchObject({
      temporal: { address: '127.0.0.1:7999' }, mongo: { uri: 'mongodb://127.0.0.1:28000/' },
    });
    expect(loadConfig({ TEMPORAL_PORT: '7999', TEMPORAL_ADDRESS: 'temporal:7233', MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0' })).toMatchObject({
      temporal: { address: 'temporal:7233' }, mongo: { uri: 'mongodb://db:27017/?replicaSet=rs0' },
    });
  });

  it('names every invalid variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', MONGODB_URI: 'postgres://x', MONGODB_DB: 'bad.name', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(variables).toEqual(['LOG_LEVEL', 'MONGODB_DB', 'MONGODB_URI', 'PORT']);
    expect((error as ConfigError).message).toContain('PORT');
  });

  it('allows plain http webhooks only outside production, and reads the allow-list', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).webhooks.httpAllowed).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOWED_HOSTS: 'localhost, 10.1.0.0/16,::1' }).webhooks.allowedTargets).toEqual(['localhost', '10.1.0.0/16', '::1']);
    expect(() => loadConfig({ WEBHOOK_ALLOWED_HOSTS: 'a;b' })).toThrow(ConfigError);
  });

  it('reads an empty variable as unset', () => {
    expect(loadConfig({ TEMPORAL_ADDRESS: '', MONGODB_URI: '', PORT: '' })).toMatchObject({ api: { port: 3000 }, temporal: { address: '127.0.0.1:7233' } });
  });

  it('rejects a non-numeric port', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
  });
});
