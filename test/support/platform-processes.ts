import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATA_KEYS_SPEC } from './data-keys';
import { freePort } from './free-port';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Where the processes of the whole test run write their logs (set by the global setup); scanned for secrets at the end. */
export function testLogDirectory(): string {
  const dir = process.env.SAGA_TEST_LOG_DIR ?? join(tmpdir(), 'saga-test-logs');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A file descriptor to give a spawned process as stdout and stderr: its output joins the run's logs. */
export function processLogFd(name: string): number {
  return openSync(join(testLogDirectory(), `${name}-${process.pid}-${Date.now()}.log`), 'a');
}

export interface PlatformProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Base URL of its HTTP port (API or metrics/health port). */
  readonly url: string;
  stop(): Promise<void>;
}

/** The settings every spawned process of one test shares: its own databases, task queue, data folder and token. */
export interface PlatformEnv {
  readonly env: Record<string, string>;
  readonly metricsToken: string;
  readonly apiKey: string;
}

export function platformEnv(suffix: string): PlatformEnv {
  const metricsToken = `metrics-token-${suffix}-0123456789`;
  const apiKey = `process-test-key-${suffix}-0123456789`;
  const dataDir = mkdtempSync(join(tmpdir(), `saga-proc-${suffix}-`));
  const { WORKFLOW_BUNDLE_PATH, TEMPORAL_ADDRESS, MONGODB_URI } = process.env;
  return {
    metricsToken,
    apiKey,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: TEMPORAL_ADDRESS ?? '',
      MONGODB_URI: MONGODB_URI ?? '',
      ...(WORKFLOW_BUNDLE_PATH ? { WORKFLOW_BUNDLE_PATH } : {}),
      MONGODB_DB: `proc_${suffix}`,
      MONGODB_READ_DB: `proc_${suffix}_read`,
      TEMPORAL_TASK_QUEUE: `proc-${suffix}`,
      SAGA_DATA_DIR: dataDir,
      DATA_PRODUCTS_DIR: join(dataDir, 'data-products'),
      DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS_SPEC,
      METRICS_TOKEN: metricsToken,
      API_KEYS: `${apiKey}:*`,
    },
  };
}

/**
 * Starts one entry file (`api/server.ts`, `workers/projector.ts`, ...) as its own process with its
 * output in the run's log directory, and waits until its port answers.
 */
export async function startPlatformProcess(name: string, entry: string, base: PlatformEnv, portVariable: string, extra: Record<string, string> = {}): Promise<PlatformProcess> {
  const port = await freePort();
  const logFile = join(testLogDirectory(), `${name}-${process.pid}-${port}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...base.env, [portVariable]: String(port), ...extra } });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before serving; see ${logFile}`);
    const answered = await fetch(`${url}/health`).then(() => true, () => false);
    if (answered) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name,
    child,
    logFile,
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      log.end();
    },
  };
}
