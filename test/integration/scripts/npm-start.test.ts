import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port';
import { testLogDirectory } from '../../support/platform-processes';

const ROOT = new URL('../../..', import.meta.url).pathname;
const sleepers: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const s of sleepers) s.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A process that does nothing until killed: stands for a server or an instance started by someone else. */
function sleeper(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  sleepers.push(child);
  return child.pid as number;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'npm-start-test-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'run'), { recursive: true });
  return dir;
}

/** `npm start` (its script) on `dir` with free ports; resolves with its exit code and output. */
async function npmStart(dir: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const ports = { PORT: await freePort(), TEMPORAL_PORT: await freePort(), TEMPORAL_UI_PORT: await freePort(), FERRETDB_PORT: await freePort(), RELAY_METRICS_PORT: await freePort(), PROJECTOR_METRICS_PORT: await freePort() };
  // Not the test run's servers: this start looks after its own stack.
  const { TEMPORAL_ADDRESS: _t, MONGODB_URI: _m, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inherited, SAGA_DATA_DIR: dir, DEMO: 'off', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // Its output joins the run's logs (scanned for secrets after the suite).
  writeFileSync(join(testLogDirectory(), `npm-start-${process.pid}-${Date.now()}.log`), `${stdout}\n${stderr}`);
  return { code, stdout, stderr };
}

describe('npm start', () => {
  it('answers a bad setting with a clean message, starting nothing', async () => {
    const dir = dataDir();
    const { code, stdout, stderr } = await npmStart(dir, { PORT: 'abc' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^npm start: invalid configuration: PORT: .*\n {2}fix: .*\n$/);
    expect(stdout).toBe('');
    expect(existsSync(join(dir, 'run', 'npm-start.json'))).toBe(false);
  });

  it('refuses a second instance on the same data folder in one line naming the first, and touches nothing of it', async () => {
    const dir = dataDir();
    const first = { pid: sleeper(), startedAt: '2026-01-01T00:00:00.000Z', description: 'API http://127.0.0.1:3000, data folder here' };
    const lock = join(dir, 'run', 'npm-start.json');
    writeFileSync(lock, JSON.stringify(first));
    const temporal = sleeper();
    const ferretdb = sleeper();
    writeFileSync(join(dir, 'run', 'temporal.pid'), String(temporal));
    writeFileSync(join(dir, 'run', 'ferretdb.pid'), String(ferretdb));

    const { code, stdout, stderr } = await npmStart(dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(`already running on this data folder (pid ${first.pid}, started 2026-01-01T00:00:00.000Z, API http://127.0.0.1:3000`)]);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual(first);
    expect([alive(first.pid), alive(temporal), alive(ferretdb)]).toEqual([true, true, true]);
  });

  it('takes over the lock of an instance that has stopped, stops only servers it started, and prints no banner after a failed start', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'run', 'npm-start.json'), JSON.stringify({ pid: 2 ** 22 + 1, startedAt: 'long ago', description: 'gone' }));
    // Servers another run started (npm run stack:up): this start finds them "already running", and they answer nothing.
    const temporal = sleeper();
    const ferretdb = sleeper();
    writeFileSync(join(dir, 'run', 'temporal.pid'), String(temporal));
    writeFileSync(join(dir, 'run', 'ferretdb.pid'), String(ferretdb));

    const { code, stdout, stderr } = await npmStart(dir);
    expect(code).toBe(1);
    expect(stdout).toContain('temporal: already running');
    expect(stderr).toMatch(/exited \(1\); stopping everything/);
    expect(stdout + stderr).not.toContain('Saga platform is up');
    expect(stdout).not.toMatch(/temporal: stopped|ferretdb: stopped/);
    expect([alive(temporal), alive(ferretdb)]).toEqual([true, true]);
    expect(readFileSync(join(dir, 'run', 'temporal.pid'), 'utf8')).toBe(String(temporal));
    expect(existsSync(join(dir, 'run', 'npm-start.json'))).toBe(false);
  });
});
