import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime + cutime + cstime, in ticks: the process, its threads and its reaped children. */
  readonly ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return { pid, ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17) };
  } catch {
    return undefined;
  }
}

/** CPU time of server processes and all their descendants, in ms (Linux /proc; 0 elsewhere). */
function serverCpuMs(roots: readonly number[]): number {
  let stats: ProcStat[];
  try {
    stats = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => readStat(Number(d))).filter((s): s is ProcStat => s !== undefined);
  } catch {
    return 0;
  }
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let ticks = 0;
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      ticks += child.ticks;
      visit(child.pid);
    }
  };
  for (const root of roots) {
    ticks += readStat(root)?.ticks ?? 0;
    visit(root);
  }
  return ticks * TICK_MS;
}

export interface CpuSpent {
  /** This process (the writers, or the projector, or the rebuild). */
  readonly clientMs: number;
  /** The database server's processes. */
  readonly serverMs: number;
}

/**
 * CPU spent between `start` and `stop`, by this process and by the server: on a shared, noisy
 * machine the CPU an operation costs per event is steadier than its wall-clock rate.
 */
export class CpuMeter {
  private client = process.cpuUsage();
  private server = 0;

  constructor(private readonly serverPids: () => readonly number[]) {}

  start(): void {
    this.client = process.cpuUsage();
    this.server = serverCpuMs(this.serverPids());
  }

  stop(): CpuSpent {
    const used = process.cpuUsage(this.client);
    return { clientMs: (used.user + used.system) / 1000, serverMs: serverCpuMs(this.serverPids()) - this.server };
  }
}
