import { msToNumber } from '@temporalio/common/lib/time';
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
  API_RATE_WINDOW_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  API_RATE_LIMIT_PER_KEY: z.coerce.number().int().min(0).default(1_200),
  API_AUTH_FAILURE_LIMIT: z.coerce.number().int().min(0).default(30),
  API_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBHOOK_ALLOWED_HOSTS: z.string().regex(/^[\w.:/[\], -]*$/, 'a comma-separated list of host names, IP addresses or CIDR ranges').optional(),
  SAGA_DATA_DIR: z.string().min(1).optional(),
  ORDER_REVIEW_THRESHOLD_CENTS: z.coerce.number().int().min(0).default(100_000),
  ORDER_REVIEW_TIMEOUT: duration.default('24 hours'),
  ORDER_DISPATCH_AFTER: duration.default('2 minutes'),
  ORDER_STEP_RETRY_BUDGET: duration.default('10 minutes'),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9466),
  WORKER_DATABASE_UNHEALTHY_AFTER: duration.default('2 minutes'),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  PROJECTOR_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  QUERY_CONSISTENCY_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  EVENT_STORE_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  RELAY_METRICS_PORT: port.default(9464),
  CLAIM_RETENTION_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DATA_PRODUCTS_DIR: z.string().min(1).optional(),
  DATA_PRODUCTS_REFRESH_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  DATA_PRODUCTS_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9467),
  PSEUDONYMISATION_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_PUBLIC_URL: z.url().optional(),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(1024 * 1024 * 1024).default(16 * 1024 * 1024),
  TEMPORAL_PAYLOAD_CLAIM_THRESHOLD: z.coerce.number().int().min(0).max(2 * 1024 * 1024).default(128 * 1024),
  CLAIM_RETENTION: duration.default('7 days'),
  CLAIM_SWEEP_EVERY: duration.default('1 hour'),
  CLAIM_LINK_TTL: duration.default('24 hours'),
  RETURN_WINDOW: duration.default('30 days'),
  RETURN_STUCK_AFTER: duration.default('15 minutes'),
  RETURN_PARCEL_TRANSIT: duration.default('30 seconds'),
  RETURN_REFUND_RETRY_BUDGET: duration.default('1 hour'),
  RETURN_INBOX_ABANDON_AFTER: duration.default('30 seconds'),
  RETURNS_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9468),
  RETURN_PARTICIPANTS: z.string().regex(/^(ordering|shipping|payments|inventory|loyalty)(,(ordering|shipping|payments|inventory|loyalty))*$/, 'a comma-separated list of ordering, shipping, payments, inventory, loyalty').optional(),
  CODEC_CORS_ORIGINS: z.string().regex(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, 'comma-separated origins like http://localhost:8233').optional(),
});

export interface AppConfig {
  readonly env: 'development' | 'test' | 'production';
  readonly api: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimit: string;
    readonly apiKeys: string | undefined;
    readonly throttling: { readonly windowMs: number; readonly requestsPerKey: number; readonly authFailuresPerAddress: number };
    /** Reverse proxies in front of the API whose X-Forwarded-For is trusted for the client address (0: none). */
    readonly trustProxyHops: number;
  };
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
    /** The event store's readAll settle window, used by the data products worker (view rebuilds need none). */
    readonly settleMs: number;
  };
  readonly relay: { readonly metricsPort: number; readonly webhookTimeoutMs: number };
  /** Port of the claim retention sweep's /health and /metrics (0: none). */
  readonly claimRetention: { readonly metricsPort: number };
  readonly webhooks: {
    /** Plain http targets are accepted (local use only: never when NODE_ENV=production). */
    readonly httpAllowed: boolean;
    /** Hosts, addresses and CIDR ranges a webhook may target although they are private, loopback or link-local. */
    readonly allowedTargets: readonly string[];
  };
  /** Bearer token of the projector's and relay's /metrics; unset in local use: generated into the data folder. */
  readonly metricsToken: string | undefined;
  readonly claims: {
    /** Base of the links in public messages and signed claim URLs. */
    readonly publicUrl: string;
    readonly attachmentMaxBytes: number;
    /** Encoded Temporal payloads of this size or more are stored as claims. */
    readonly payloadThresholdBytes: number;
    readonly retentionMs: number;
    readonly sweepEveryMs: number;
    readonly linkTtlMs: number;
  };
  /** Origins (the Temporal Web UI's) allowed to call the codec server from a browser. */
  readonly codec: { readonly corsOrigins: readonly string[] };
  readonly dataProducts: {
    /** Output ports (Parquet, manifests, status) in `ports/`, the analytical worker's DuckDB file beside them. */
    readonly directory: string;
    /** The analytical worker's export and freshness cycle. */
    readonly refreshMs: number;
    /** Port of the analytical worker's /metrics (0: none). */
    readonly metricsPort: number;
    /** Base64 of 32+ random bytes; unset in local use: generated into the data folder. */
    readonly pseudonymisationKey: string | undefined;
  };
  readonly returns: {
    /** How long after dispatch a return is accepted. */
    readonly windowMs: number;
    /** A return a participant owes a reaction and that made no progress for this long is stuck. */
    readonly stuckAfterMs: number;
    /** The simulated carrier's time from a return label to the parcel's arrival scan. */
    readonly parcelTransitMs: number;
    /** How long a refund may keep failing transiently before payments falls back to store credit. */
    readonly refundRetryBudget: string;
    /** A participant's reaction begun this long ago without finishing is taken for a dead process's and run again. */
    readonly inboxAbandonAfterMs: number;
    /** The returns participants process: its /metrics port (0: none). */
    readonly metricsPort: number;
    /** The participants a returns participant process runs (default: all five). */
    readonly participants: readonly ('ordering' | 'shipping' | 'payments' | 'inventory' | 'loyalty')[];
  };
  /** The Temporal worker: its /health and /metrics port (0: none), and how long its database may stay unreachable before it exits for its supervisor. */
  readonly worker: { readonly healthPort: number; readonly databaseUnhealthyAfter: string };
  readonly dataDir: string;
  /** `id:base64key,...` (first encrypts); unset in local use: a key is generated into the data folder. */
  readonly dataEncryptionKeys: string | undefined;
  readonly logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // `VAR=` counts as unset, as it does for the stack scripts.
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })));
  }
  const e = parsed.data;
  const dataDir = e.SAGA_DATA_DIR ?? new URL('../../.data', import.meta.url).pathname;
  return {
    env: e.NODE_ENV,
    api: {
      host: e.HOST,
      port: e.PORT,
      bodyLimit: e.API_BODY_LIMIT,
      apiKeys: e.API_KEYS,
      throttling: { windowMs: e.API_RATE_WINDOW_MS, requestsPerKey: e.API_RATE_LIMIT_PER_KEY, authFailuresPerAddress: e.API_AUTH_FAILURE_LIMIT },
      trustProxyHops: e.API_TRUST_PROXY_HOPS,
    },
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
      settleMs: e.EVENT_STORE_SETTLE_MS,
    },
    relay: { metricsPort: e.RELAY_METRICS_PORT, webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS },
    claimRetention: { metricsPort: e.CLAIM_RETENTION_METRICS_PORT },
    webhooks: {
      httpAllowed: e.NODE_ENV !== 'production',
      allowedTargets: (e.WEBHOOK_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    },
    metricsToken: e.METRICS_TOKEN,
    claims: {
      publicUrl: (e.API_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
      attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
      payloadThresholdBytes: e.TEMPORAL_PAYLOAD_CLAIM_THRESHOLD,
      retentionMs: msToNumber(e.CLAIM_RETENTION as Parameters<typeof msToNumber>[0]),
      sweepEveryMs: msToNumber(e.CLAIM_SWEEP_EVERY as Parameters<typeof msToNumber>[0]),
      linkTtlMs: msToNumber(e.CLAIM_LINK_TTL as Parameters<typeof msToNumber>[0]),
    },
    codec: {
      corsOrigins: e.CODEC_CORS_ORIGINS?.split(',')
        ?? (e.TEMPORAL_UI_URL ? [new URL(e.TEMPORAL_UI_URL).origin] : [`http://localhost:${e.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`]),
    },
    dataProducts: {
      directory: e.DATA_PRODUCTS_DIR ?? `${dataDir}/data-products`,
      refreshMs: e.DATA_PRODUCTS_REFRESH_MS,
      metricsPort: e.DATA_PRODUCTS_METRICS_PORT,
      pseudonymisationKey: e.PSEUDONYMISATION_KEY,
    },
    returns: {
      windowMs: msToNumber(e.RETURN_WINDOW as Parameters<typeof msToNumber>[0]),
      stuckAfterMs: msToNumber(e.RETURN_STUCK_AFTER as Parameters<typeof msToNumber>[0]),
      parcelTransitMs: msToNumber(e.RETURN_PARCEL_TRANSIT as Parameters<typeof msToNumber>[0]),
      refundRetryBudget: e.RETURN_REFUND_RETRY_BUDGET,
      inboxAbandonAfterMs: msToNumber(e.RETURN_INBOX_ABANDON_AFTER as Parameters<typeof msToNumber>[0]),
      metricsPort: e.RETURNS_METRICS_PORT,
      participants: e.RETURN_PARTICIPANTS
        ? [...new Set(e.RETURN_PARTICIPANTS.split(',') as ('ordering' | 'shipping' | 'payments' | 'inventory' | 'loyalty')[])]
        : ['ordering', 'shipping', 'payments', 'inventory', 'loyalty'],
    },
    worker: { healthPort: e.WORKER_HEALTH_PORT, databaseUnhealthyAfter: e.WORKER_DATABASE_UNHEALTHY_AFTER },
    dataDir,
    dataEncryptionKeys: e.DATA_ENCRYPTION_KEYS,
    logLevel: e.LOG_LEVEL,
  };
}
