import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';

/** What a running instance wrote into its lock file. */
export interface InstanceInfo {
  readonly pid: number;
  readonly startedAt: string;
  readonly description: string;
}

export class InstanceRunningError extends Error {
  override readonly name = 'InstanceRunningError';
  constructor(
    readonly holder: InstanceInfo,
    readonly lockFile: string,
  ) {
    super(`another instance is running (pid ${holder.pid}, started ${holder.startedAt}, ${holder.description})`);
  }
}

/**
 * One instance per lock file: created with O_EXCL, so of two processes starting together only
 * one gets it. A file left by a process that no longer runs is taken over. Returns the release.
 */
export function acquireInstanceLock(file: string, description: string): () => void {
  mkdirSync(dirname(file), { recursive: true });
  const mine: InstanceInfo = { pid: process.pid, startedAt: new Date().toISOString(), description };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${JSON.stringify(mine)}\n`);
      closeSync(fd);
      return () => {
        if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && isAlive(holder.pid)) throw new InstanceRunningError(holder, file);
      if (!holder && attempt < 5) {
        // Being written by an instance starting this very moment: look again shortly.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      if (attempt >= 8) throw new InstanceRunningError(holder ?? { pid: 0, startedAt: '?', description: 'unreadable lock file' }, file);
      // Left behind by an instance that has stopped: taken over unless another process took it meanwhile.
      if (readHolder(file)?.pid === holder?.pid) rmSync(file, { force: true });
    }
  }
}

function readHolder(file: string): InstanceInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<InstanceInfo>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, startedAt: String(parsed.startedAt), description: String(parsed.description) } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
