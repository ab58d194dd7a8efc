import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/free-port';

const ROOT = new URL('../..', import.meta.url).pathname;
/** FERRETDB_BIN: benchmark another FerretDB build (e.g. a patched one) instead of the project's. */
const FERRETDB_BIN = process.env.FERRETDB_BIN ?? join(process.env.SAGA_TOOLS_DIR ?? join(ROOT, '.tools'), 'bin/ferretdb');
const POSTGRES_BIN_DIR = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

/** A MongoDB-wire server the benchmark runs against. */
export interface Target {
  /** Short label used in tables and JSON: `sqlite`, `postgresql`, `mongodb`. */
  readonly name: string;
  readonly description: string;
  readonly uri: string;
  /** The server's own processes (their descendants count too), for CPU accounting; empty when not started here. */
  readonly pids: () => readonly number[];
  stop(): Promise<void>;
}

interface Child {
  readonly process: ChildProcess;
  log(): string;
}

function spawnChild(bin: string, args: string[], runAs?: { uid: number; gid: number }): Child {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...runAs });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { process: child, log: () => output };
}

async function waitUntil(what: string, child: Child, ready: () => boolean | Promise<boolean>, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${what} exited with code ${child.process.exitCode}: ${child.log()}`);
    if (await Promise.resolve(ready()).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up within ${seconds}s: ${child.log()}`);
}

async function terminate(child: Child, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((r) => child.process.once('exit', r));
  child.process.kill(signal);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Names a FerretDB build other than the project's in the target description. */
const BUILD_NOTE = process.env.FERRETDB_BIN ? ` [FERRETDB_BIN=${process.env.FERRETDB_BIN}]` : '';

async function startFerretDb(backendArgs: string[]): Promise<{ uri: string; child: Child }> {
  if (!existsSync(FERRETDB_BIN)) throw new Error(`FerretDB missing at ${FERRETDB_BIN}: run bash scripts/install-tools.sh`);
  const port = await freePort();
  const child = spawnChild(FERRETDB_BIN, ['--listen-addr', `127.0.0.1:${port}`, ...backendArgs]);
  await waitUntil('FerretDB', child, () => child.log().includes('Listening on'));
  return { uri: `mongodb://127.0.0.1:${port}/`, child };
}

/** FerretDB with the SQLite backend in a throw-away directory (what `stack.sh up` runs by default). */
export async function startFerretDbSqlite(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ferretdb-sqlite-'));
  try {
    const { uri, child } = await startFerretDb(['--handler', 'sqlite', '--sqlite-url', `file:${dir}/`]);
    return {
      name: 'sqlite',
      description: `FerretDB 1.24 + SQLite (WAL, default pragmas)${BUILD_NOTE}`,
      uri,
      pids: () => (child.process.pid === undefined ? [] : [child.process.pid]),
      stop: async () => {
        await terminate(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The uid/gid of the `postgres` user when running as root (PostgreSQL refuses to run as root). */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * PostgreSQL 15 in a throw-away directory on a free port (mirrors `postgres_up` in scripts/stack.sh:
 * trust auth, fsync=off), then FerretDB with the PostgreSQL backend on top.
 */
export async function startFerretDbPostgres(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-postgres-'));
  const runAs = postgresUser();
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const pgdata = join(dir, 'data');
  let postgres: Child | undefined;
  let ferretdb: Child | undefined;
  const stop = async () => {
    if (ferretdb) await terminate(ferretdb);
    // SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for clients to disconnect).
    if (postgres) await terminate(postgres, 'SIGINT');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync(join(POSTGRES_BIN_DIR, 'initdb'), ['-D', pgdata, '-A', 'trust', '-U', 'postgres'], { stdio: 'pipe', ...runAs });
    const port = await freePort();
    postgres = spawnChild(
      join(POSTGRES_BIN_DIR, 'postgres'),
      ['-D', pgdata, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      runAs,
    );
    const isReady = () => {
      try {
        execFileSync(join(POSTGRES_BIN_DIR, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    };
    await waitUntil('PostgreSQL', postgres, isReady);
    execFileSync(join(POSTGRES_BIN_DIR, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'ferretdb'], { stdio: 'pipe' });
    const started = await startFerretDb(['--handler', 'postgresql', '--postgresql-url', `postgres://postgres@127.0.0.1:${port}/ferretdb`]);
    ferretdb = started.child;
    const pids = [postgres.process.pid, ferretdb.process.pid].filter((pid): pid is number => pid !== undefined);
    return { name: 'postgresql', description: `FerretDB 1.24 + PostgreSQL 15 (fsync=off, as stack.sh)${BUILD_NOTE}`, uri: started.uri, pids: () => pids, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The server MONGODB_URI names (nothing is started or stopped). */
export function externalMongoDb(uri: string): Target {
  return { name: 'mongodb', description: 'MONGODB_URI server', uri, pids: () => [], stop: async () => undefined };
}
