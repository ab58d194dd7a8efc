import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far, by this process and by the servers it started (its children). */
export type CpuSample = Record<string, number>;

/** The servers the bench starts; any other child (the bundler's esbuild service) counts as 'other'. */
const SERVERS = ['temporal', 'ferretdb'];
const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux we run on

function cpuSecondsOf(pid: number | 'self'): { comm: string; ppid: number; seconds: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // After "pid (comm) ": state ppid ... utime is field 14 and stime field 15 of the whole line.
    return { comm, ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Linux only; elsewhere an empty sample (the report then leaves CPU out). */
export function sampleCpu(): CpuSample {
  const sample: CpuSample = {};
  const self = cpuSecondsOf('self');
  if (!self) return sample;
  sample.node = self.seconds;
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return sample;
  }
  for (const entry of entries) {
    const child = cpuSecondsOf(Number(entry));
    if (child?.ppid !== process.pid) continue;
    const name = SERVERS.includes(child.comm) ? child.comm : 'other';
    sample[name] = (sample[name] ?? 0) + child.seconds;
  }
  return sample;
}

export function cpuDelta(before: CpuSample, after: CpuSample): CpuSample {
  return Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
}

export function addCpu(into: CpuSample, delta: CpuSample): void {
  for (const [k, v] of Object.entries(delta)) into[k] = (into[k] ?? 0) + v;
}
