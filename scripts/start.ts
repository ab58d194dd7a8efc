// `npm start`: installs the local servers when missing, starts the stack, runs every process of the
// platform, prints where to look once every one of them is up, runs a short demo, and on Ctrl-C
// stops everything it started, and nothing else.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../shared/app/app-config';
import { acquireInstanceLock, InstanceRunningError } from '../shared/platform/process/instance-lock';
import { READY_MESSAGE } from '../shared/platform/process/readiness';
import { runMain } from '../shared/platform/process/run-main';
import { runDemo } from './demo';
import { localDevKey } from '../api/http/api-keys';
import { codecEndpointToken } from '../api/routes/codec/codec-endpoint-token';

const ROOT = new URL('..', import.meta.url).pathname;

const PROCESSES: Record<string, string> = {
  worker: 'workers/temporal-worker.ts',
  api: 'api/server.ts',
  projector: 'workers/projector.ts',
  'webhook-relay': 'workers/webhook-relay.ts',
  'claim-retention': 'workers/claim-retention.ts',
  'data-products': 'workers/data-products.ts',
  'returns-participants': 'workers/returns-participants.ts',
};

/** Longest wait for every process to report ready (first runs bundle workflows on a busy machine). */
const START_TIMEOUT_MS = 180_000;

await runMain('npm start', async () => {
  const config = loadConfig();
  const apiUrl = `http://${config.api.host}:${config.api.port}`;
  let release: () => void;
  try {
    release = acquireInstanceLock(join(config.dataDir, 'run', 'npm-start.json'), `API ${apiUrl}, data folder ${config.dataDir}`);
  } catch (err) {
    if (!(err instanceof InstanceRunningError)) throw err;
    const { holder } = err;
    console.error(
      `npm start: already running on this data folder (pid ${holder.pid}, started ${holder.startedAt}, ${holder.description}); ` +
        `stop it with Ctrl-C in its terminal, or use another SAGA_DATA_DIR (and ports)`,
    );
    process.exitCode = 1;
    return;
  }

  // The servers `stack.sh up` starts in this run, and only those, are stopped on the way out.
  const scratch = mkdtempSync(join(tmpdir(), 'saga-start-'));
  const startedFile = join(scratch, 'started');
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const stackScript = (...args: string[]) => spawnSync('bash', [join(ROOT, 'scripts', 'stack.sh'), ...args], {
    stdio: 'inherit', env: { ...process.env, STACK_STARTED_FILE: startedFile },
  }).status;
  const startedServers = () => {
    try {
      return readFileSync(startedFile, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };

  const shutdown = async (exitCode: number): Promise<never> => {
    // Ctrl-C reaches npm and this process both; the first signal does the work.
    if (stopping) return new Promise<never>(() => undefined);
    stopping = true;
    if (children.size > 0) console.log('\nstopping platform processes ...');
    await Promise.all([...children.values()].map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
    })));
    const mine = startedServers();
    if (mine.length > 0) stackScript('down', ...mine);
    rmSync(scratch, { recursive: true, force: true });
    release();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  if (spawnSync('bash', [join(ROOT, 'scripts', 'install-tools.sh')], { stdio: 'inherit' }).status !== 0) return shutdown(1);
  // The Web UI shows decrypted payloads through the API's codec server, with a token derived from an API key.
  const codecKey = config.api.apiKeys?.split(',')[0]?.replace(/:[^:]*$/, '').trim() ?? localDevKey(config.dataDir).key;
  process.env.TEMPORAL_UI_CODEC_ENDPOINT ??= `${config.claims.publicUrl}/codec/ui/${codecEndpointToken(codecKey)}`;
  if (stackScript('up') !== 0) return shutdown(1);

  const ready = new Set<string>();
  let allReady: () => void = () => undefined;
  const everyProcessReady = new Promise<void>((resolve) => { allReady = resolve; });
  for (const [name, file] of Object.entries(PROCESSES)) {
    // Quiet by default in local use: warnings and errors only, unless LOG_LEVEL says otherwise.
    const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, file)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env });
    const prefix = `[${name}] `;
    const relay = (out: NodeJS.WriteStream) => (b: Buffer) => out.write(b.toString().replace(/^(?=.)/gm, prefix));
    child.stdout?.on('data', relay(process.stdout));
    child.stderr?.on('data', relay(process.stderr));
    child.on('message', (message) => {
      if (message !== READY_MESSAGE) return;
      ready.add(name);
      if (ready.size === Object.keys(PROCESSES).length) allReady();
    });
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (!stopping) {
        console.error(`${name} exited (${signal ?? code}); stopping everything`);
        void shutdown(1);
      }
    });
    children.set(name, child);
  }

  const timedOut = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), START_TIMEOUT_MS).unref());
  if ((await Promise.race([everyProcessReady, timedOut])) === 'timeout') {
    const late = Object.keys(PROCESSES).filter((n) => !ready.has(n));
    console.error(`npm start: ${late.join(', ')} did not report ready within ${START_TIMEOUT_MS / 1000} s; see their lines above`);
    return shutdown(1);
  }
  if (!(await healthy(apiUrl, () => stopping))) {
    if (!stopping) console.error(`npm start: the API at ${apiUrl} did not become healthy; see the [api] and [worker] lines above`);
    return shutdown(1);
  }
  if (stopping) return;

  const apiKey = config.api.apiKeys ? '(one of API_KEYS)' : readFileSync(join(config.dataDir, 'api-key'), 'utf8').trim();
  console.log(`
  Saga platform is up
    API            ${apiUrl}   (OpenAPI: ${apiUrl}/openapi.json)
    API key        ${apiKey}
    Console        ${apiUrl}/console/   (sign in with the API key)
    Messages       ${apiUrl}/catalog/messages   (AsyncAPI: ${apiUrl}/asyncapi.json)
    Live feed      curl -N -H "Authorization: Bearer <API key>" ${apiUrl}/messages/stream
    Data products  ${apiUrl}/data-products   (Parquet: ${join(config.dataProducts.directory, 'ports')})
    Returns        ${apiUrl}/returns   (choreography: POST /orders/{id}/returns)
    Temporal UI    ${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows
    MongoDB        ${config.mongo.uri}
  Ctrl-C stops everything.
`);

  if (process.env.DEMO !== 'off' && config.api.apiKeys === undefined) {
    await runDemo({ apiUrl, apiKey, uiUrl: config.temporal.uiUrl, namespace: config.temporal.namespace, dataDir: config.dataDir }).catch((err: unknown) => {
      console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }
  // Runs until Ctrl-C or a process exits; both stop everything through shutdown().
  await new Promise<never>(() => undefined);
});

async function healthy(url: string, stopped: () => boolean): Promise<boolean> {
  for (let i = 0; i < 240 && !stopped(); i++) {
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
