// `npm start`: installs the local servers when missing, starts the stack, runs every process of the
// platform, prints where to look, runs a short demo, and on Ctrl-C stops everything it started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../shared/app/app-config';
import { runDemo } from './demo';

const ROOT = new URL('..', import.meta.url).pathname;
const config = loadConfig();

function runScript(script: string, ...args: string[]): void {
  const r = spawnSync('bash', [join(ROOT, 'scripts', script), ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

runScript('install-tools.sh');
runScript('stack.sh', 'up');

const PROCESSES: Record<string, string> = {
  worker: 'workers/temporal-worker.ts',
  api: 'api/server.ts',
  projector: 'workers/projector.ts',
  'webhook-relay': 'workers/webhook-relay.ts',
};

const children = new Map<string, ChildProcess>();
let stopping = false;

for (const [name, file] of Object.entries(PROCESSES)) {
  // Quiet by default in local use: warnings and errors only, unless LOG_LEVEL says otherwise.
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, file)], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const prefix = `[${name}] `;
  const relay = (out: NodeJS.WriteStream) => (b: Buffer) => out.write(b.toString().replace(/^(?=.)/gm, prefix));
  child.stdout?.on('data', relay(process.stdout));
  child.stderr?.on('data', relay(process.stderr));
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping everything`);
      void shutdown(1);
    }
  });
  children.set(name, child);
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping platform processes ...');
  await Promise.all([...children.values()].map((c) => new Promise<void>((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
    setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
  })));
  runScript('stack.sh', 'down');
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const apiUrl = `http://${config.api.host}:${config.api.port}`;
await waitForHealth(apiUrl);
const apiKey = config.api.apiKeys ? '(one of API_KEYS)' : readFileSync(join(config.dataDir, 'api-key'), 'utf8').trim();
console.log(`
  Saga platform is up
    API            ${apiUrl}   (OpenAPI: ${apiUrl}/openapi.json)
    API key        ${apiKey}
    Temporal UI    ${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows
    MongoDB        ${config.mongo.uri}
  Ctrl-C stops everything.
`);

if (process.env.DEMO !== 'off' && config.api.apiKeys === undefined) {
  await runDemo({ apiUrl, apiKey, uiUrl: config.temporal.uiUrl, namespace: config.temporal.namespace, dataDir: config.dataDir }).catch((err: unknown) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 240 && !stopping; i++) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!stopping) {
    console.error(`the API at ${url} did not become healthy; see the [api] and [worker] lines above`);
    await shutdown(1);
  }
}
