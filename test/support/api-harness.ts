import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { createLogger } from '../../shared/platform/observability/logger';
import { testLogDirectory } from './platform-processes';
import { createApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { parseApiKeys } from '../../api/http/api-keys';
import { loadConfig, type AppConfig } from '../../shared/app/app-config';
import { loadDataKeys } from '../../shared/app/data-keys';
import { TEST_DATA_KEYS_SPEC } from './data-keys';
import { createMongoClient } from '../../shared/platform/mongo/connect';
import { createTemporalClient } from '../../shared/platform/temporal/temporal-client';
import { appDataConverter } from '../../shared/app/payload-converter';

import { TEST_KEYS } from './test-keys';

export { TEST_KEYS };

export const TEST_KEYS_SPEC = `${TEST_KEYS.commands}:commands,${TEST_KEYS.queries}:queries,${TEST_KEYS.admin}:admin,${TEST_KEYS.all}:*`;

export interface ApiHarness {
  readonly baseUrl: string;
  readonly deps: ApiDeps;
  readonly config: AppConfig;
  request(method: string, path: string, options?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real API on a free port, wired to the test run's Temporal and MongoDB-wire servers
 * (or to those named in `env`), with a database and a task queue of its own.
 */
export async function startApiHarness(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<ApiHarness> {
  const config = loadConfig({
    NODE_ENV: 'test',
    API_KEYS: TEST_KEYS_SPEC,
    DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS_SPEC,
    // Tests make requests in bursts; the throttling tests set their own limits.
    API_RATE_LIMIT_PER_KEY: '0',
    API_AUTH_FAILURE_LIMIT: '0',
    MONGODB_DB: `api_${randomUUID().slice(0, 8)}`,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID().slice(0, 8)}`,
    ...pick(process.env, ['TEMPORAL_ADDRESS', 'MONGODB_URI']),
    ...env,
  });
  const mongoClient = createMongoClient(config.mongo.uri);
  const temporal = createTemporalClient(config.temporal.address, config.temporal.namespace, appDataConverter(config, mongoClient.db(config.mongo.dbName)));
  const deps: ApiDeps = {
    config,
    // The production logger into the run's log directory, which the global teardown scans for secrets.
    logger: options.logger ?? createLogger('api', 'info', pino.destination({ dest: join(testLogDirectory(), `api-harness-${process.pid}.log`), append: true, sync: false, mkdir: true })),
    keys: parseApiKeys(config.api.apiKeys ?? TEST_KEYS_SPEC),
    temporal,
    mongo: { client: mongoClient, db: mongoClient.db(config.mongo.dbName) },
    metrics: new Registry(),
    dataKeys: loadDataKeys(config),
  };
  const server: Server = await new Promise((resolve) => {
    const s = createApp(deps).listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    deps,
    config,
    request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.key) headers.authorization = `Bearer ${options.key}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await deps.mongo.db.dropDatabase().catch(() => undefined);
      await Promise.allSettled([mongoClient.close(), temporal.connection.close()]);
    },
  };
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (env[n] ? [[n, env[n]]] : [])));
}

/** Loosely typed JSON for assertions in tests (production code validates with zod instead). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = Record<string, any>;

export async function readJson(res: Response): Promise<LooseJson> {
  return (await res.json()) as LooseJson;
}
