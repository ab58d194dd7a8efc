import { z } from 'zod';
import { ConfigError } from '../platform/process/config-error';

export { ConfigError };

const port = z.coerce.number().int().min(1).max(65535);
/** Temporal duration strings: '90 seconds', '24 hours', '500ms'. */
const duration = z.string().regex(/^\d+(\.\d+)?\s*(ms|milliseconds?|s|seconds?|m|minutes?|h|hours?|d|days?)$/, "like '30 seconds', '2 minutes' or '24 hours'");

/** Every environment variable the processes read, with its documented default (see README). */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('saga-platform'),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.url().optional(),
  FERRETDB_PORT: port.default(27017),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only').default('saga_platform'),
  MONGODB_READ_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only').default('saga_platform_read'),
  API_KEYS: z.string().optional(),
  DATA_ENCRYPTION_KEYS: z.string().optional(),
  API_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 100kb or 1mb').default('256kb'),
  SAGA_DATA_DIR: z.string().min(1).optional(),
  ORDER_REVIEW_THRESHOLD_CENTS: z.coerce.number().int().min(0).default(100_000),
  ORDER_REVIEW_TIMEOUT: duration.default('24 hours'),
  ORDER_DISPATCH_AFTER: duration.default('2 minutes'),
  ORDER_STEP_RETRY_BUDGET: duration.default('10 minutes'),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  PROJECTOR_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  QUERY_CONSISTENCY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  RELAY_METRICS_PORT: port.default(9464),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface AppConfig {
  readonly env: 'development' | 'test' | 'production';
  readonly api: { readonly host: string; readonly port: number; readonly bodyLimit: string; readonly apiKeys: string | undefined };
  readonly temporal: { readonly address: string; readonly namespace: string; readonly taskQueue: string; readonly uiUrl: string };
  readonly mongo: { readonly uri: string; readonly dbName: string; readonly readDbName: string };
  readonly orders: { readonly reviewThresholdCents: number; readonly reviewTimeout: string; readonly dispatchAfter: string; readonly stepRetryBudget: string };
  readonly projections: {
    /** Commits the projector takes per poll: a page of work folded at once. */
    readonly batchSize: number;
    /** Port of the projector's /metrics (0: none). */
    readonly metricsPort: number;
    /** Longest wait of a query for `?minVersion` before it answers "not yet consistent". */
    readonly consistencyTimeoutMs: number;
  };
  readonly relay: { readonly metricsPort: number; readonly webhookTimeoutMs: number };
  readonly dataDir: string;
  /** `id:base64key,...` (first encrypts); unset in local use: a key is generated into the data folder. */
  readonly dataEncryptionKeys: string | undefined;
  readonly logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    api: { host: e.HOST, port: e.PORT, bodyLimit: e.API_BODY_LIMIT, apiKeys: e.API_KEYS },
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`,
    },
    mongo: { uri: e.MONGODB_URI ?? `mongodb://127.0.0.1:${e.FERRETDB_PORT}/`, dbName: e.MONGODB_DB, readDbName: e.MONGODB_READ_DB },
    orders: {
      reviewThresholdCents: e.ORDER_REVIEW_THRESHOLD_CENTS,
      reviewTimeout: e.ORDER_REVIEW_TIMEOUT,
      dispatchAfter: e.ORDER_DISPATCH_AFTER,
      stepRetryBudget: e.ORDER_STEP_RETRY_BUDGET,
    },
    projections: {
      batchSize: e.PROJECTOR_BATCH_SIZE,
      metricsPort: e.PROJECTOR_METRICS_PORT,
      consistencyTimeoutMs: e.QUERY_CONSISTENCY_TIMEOUT_MS,
    },
    relay: { metricsPort: e.RELAY_METRICS_PORT, webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS },
    dataDir: e.SAGA_DATA_DIR ?? new URL('../../.data', import.meta.url).pathname,
    dataEncryptionKeys: e.DATA_ENCRYPTION_KEYS,
    logLevel: e.LOG_LEVEL,
  };
}
