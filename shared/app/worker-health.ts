import { startMetricsServer } from '../platform/observability/metrics-server';
import type { Server } from 'node:http';
import type { Gauge, Registry } from 'prom-client';

export interface DatabaseHealthOptions {
  /** How long the database may stay unreachable before the process counts as broken. */
  readonly unhealthyAfterMs: number;
  /** Called once, when it becomes broken: the process should exit so its supervisor replaces it. */
  readonly onUnhealthy: (downForMs: number) => void;
  readonly probeEveryMs?: number;
  readonly probeTimeoutMs?: number;
  /** Set to 1 while the database answers, 0 while it does not. */
  readonly gauge?: Gauge;
}

export type DatabaseHealthReport =
  | { readonly status: 'up'; readonly checkedAt: string }
  | { readonly status: 'down' | 'broken'; readonly checkedAt: string; readonly downSince: string; readonly error: string };

/**
 * Watches a worker's own database connection with a ping. While it fails the worker reports
 * itself unhealthy (/health answers 503) and its activities wait for the database; if it keeps
 * failing past `unhealthyAfterMs` (a connection that never comes back), `onUnhealthy` lets the
 * process exit so that its supervisor replaces it, instead of silently failing every activity.
 */
export class DatabaseHealth {
  private report: DatabaseHealthReport = { status: 'up', checkedAt: new Date().toISOString() };
  private downSince: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private reported = false;

  constructor(private readonly ping: () => Promise<unknown>, private readonly options: DatabaseHealthOptions) {}

  get current(): DatabaseHealthReport {
    return this.report;
  }

  start(): void {
    const every = this.options.probeEveryMs ?? 2_000;
    const tick = () => {
      void this.probe().finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, every);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One check; exposed for tests. */
  async probe(): Promise<DatabaseHealthReport> {
    const now = Date.now();
    try {
      await withTimeout(this.ping(), this.options.probeTimeoutMs ?? 3_000);
      this.downSince = null;
      this.report = { status: 'up', checkedAt: new Date(now).toISOString() };
      this.options.gauge?.set(1);
    } catch (err) {
      this.downSince ??= now;
      const downFor = now - this.downSince;
      const broken = downFor >= this.options.unhealthyAfterMs;
      this.report = { status: broken ? 'broken' : 'down', checkedAt: new Date(now).toISOString(), downSince: new Date(this.downSince).toISOString(), error: err instanceof Error ? err.message : String(err) };
      this.options.gauge?.set(0);
      if (broken && !this.reported) {
        this.reported = true;
        this.options.onUnhealthy(downFor);
      }
    }
    return this.report;
  }
}

/** `/health` (200 while the database answers, else 503, with the report) and `/metrics` (bearer token) of a worker process. */
export function startHealthServer(host: string, port: number, health: DatabaseHealth, registry: Registry, metricsToken: string, more?: () => Promise<string>): Promise<Server> {
  return startMetricsServer(registry, host, port, metricsToken, () => {
    const report = health.current;
    return { healthy: report.status === 'up', report: { database: report } };
  }, more);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
