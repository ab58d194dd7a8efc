import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from './free-port';

const ROOT = new URL('../..', import.meta.url).pathname;
const TOOLS = process.env.SAGA_TOOLS_DIR ?? join(ROOT, '.tools');

export interface RunningServer {
  readonly address: string;
  stop(): Promise<void>;
}

/** The product's search attributes as [name, type], from the list the stack scripts register. */
export function registeredSearchAttributes(): [string, string][] {
  return readFileSync(join(ROOT, 'scripts/search-attributes.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('=') as [string, string]);
}

export function searchAttributeArgs(): string[] {
  return registeredSearchAttributes().flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}

async function waitFor(what: string, child: ChildProcess, probe: () => Promise<boolean>, log: () => string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}: ${log()}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up: ${log()}`);
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    cleanup();
  };
}

function spawnLogged(bin: string, args: string[]): { child: ChildProcess; log: () => string } {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer) => { output = (output + b.toString()).slice(-4_000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, log: () => output };
}

/** An in-memory Temporal dev server on a free port, with the product's search attributes. */
export async function startTemporalDevServer(): Promise<RunningServer> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const { child, log } = spawnLogged(join(TOOLS, 'venv/bin/temporal'), [
    'server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    ...searchAttributeArgs(),
  ]);
  await waitFor('Temporal dev server', child, async () => {
    const connection = await Connection.connect({ address, connectTimeout: 1_000 });
    try {
      await connection.healthService.check({});
      return true;
    } finally {
      await connection.close();
    }
  }, log);
  return { address, stop: stopper(child, () => undefined) };
}

/** FerretDB (SQLite backend, throw-away directory) on a free port. */
export async function startFerretDb(): Promise<RunningServer & { port: number }> {
  return startFerretDbOnPort(await freePort());
}

/**
 * FerretDB on `port`. With `dataDir` it serves (and keeps) that SQLite directory, so that a test
 * can stop it and start it again on the same port with the same data (an outage); without, a
 * throw-away directory removed on stop.
 */
export async function startFerretDbOnPort(port: number, dataDir?: string): Promise<RunningServer & { port: number }> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'ferretdb-test-'));
  const { child, log } = spawnLogged(join(TOOLS, 'bin/ferretdb'), [
    '--listen-addr', `127.0.0.1:${port}`, '--handler', 'sqlite', '--sqlite-url', `file:${dir}/`,
  ]);
  await waitFor('FerretDB', child, async () => log().includes('Listening on'), log);
  return { address: `mongodb://127.0.0.1:${port}/`, port, stop: stopper(child, () => { if (!dataDir) rmSync(dir, { recursive: true, force: true }); }) };
}
