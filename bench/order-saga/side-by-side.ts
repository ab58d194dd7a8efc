import { addCpu, cpuDelta, sampleCpu, type CpuSample } from './cpu';
import { summarize, type LatencySummary } from '../latency-summary';
import { runClosedLoop, split, type BatchResult } from './stats';
import type { Workload } from './workloads';

export interface WorkloadResult {
  readonly name: string;
  readonly description: string;
  readonly completed: number;
  readonly failed: number;
  /** Failure reasons with their counts. */
  readonly failures: Record<string, number>;
  readonly seconds: number;
  /** Completed operations per wall-clock second, over the measured rounds. */
  readonly perSecond: number;
  /** End-to-end milliseconds of completed operations. */
  readonly latencyMs: LatencySummary;
  /** REST workloads: milliseconds to the HTTP answer, and the statuses answered. */
  readonly answer?: { readonly latencyMs: LatencySummary; readonly statuses: Record<string, number> };
  readonly workflowIds: readonly string[];
  /** Each measured batch, in order: shows drift as the event store grows. */
  readonly batches: readonly BatchSummary[];
  /** CPU seconds used during this workload's rounds, by process (node: bench + API + worker). */
  readonly cpuSeconds: CpuSample;
}

export interface BatchSummary {
  readonly round: number;
  readonly completed: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  /** CPU milliseconds per completed operation, by process. */
  readonly cpuMsPerOp: Record<string, number>;
}

export interface PlannedWorkload {
  readonly workload: Workload;
  /** Measured operations, spread over the rounds. */
  readonly count: number;
}

const SETTLE_MS = 500;

/**
 * Warms every workload up, then runs each one's operations in `rounds` rounds, round r starting
 * with workload r mod n, so background noise and server warm-up hit all workloads alike.
 * Workloads never overlap; each keeps `concurrency` operations in flight while it runs.
 */
export async function measureSideBySide(
  plan: readonly PlannedWorkload[],
  options: { concurrency: number; rounds: number; warmup: number },
  log: (line: string) => void,
): Promise<WorkloadResult[]> {
  const next = new Map(plan.map(({ workload }) => [workload.name, 0]));
  const batch = async (w: Workload, count: number) => {
    const base = next.get(w.name) ?? 0;
    next.set(w.name, base + count);
    return runClosedLoop(count, options.concurrency, (i) => w.op(base + i));
  };

  for (const { workload } of plan) {
    const warm = await batch(workload, options.warmup);
    log(`  warm-up ${workload.name}: ${warm.latencies.length}/${options.warmup} ok in ${warm.seconds.toFixed(1)} s`);
    if (warm.failures.length > 0) log(`    failures: ${[...new Set(warm.failures)].join('; ')}`);
  }

  const batches = new Map<string, { results: BatchResult[]; cpu: CpuSample; summaries: BatchSummary[] }>(
    plan.map(({ workload }) => [workload.name, { results: [], cpu: {}, summaries: [] }]),
  );
  // A batch smaller than twice the concurrency would run mostly below it (its ramp-down), so a
  // workload with few operations gets fewer, larger batches, spread evenly over the rounds: the
  // event store grows during the run and every saga gets slower with it.
  const batchesOf = (count: number) => Math.max(1, Math.min(options.rounds, Math.floor(count / (2 * options.concurrency))));
  const sizes = new Map(plan.map(({ workload, count }) => [workload.name, spread(split(count, batchesOf(count)), options.rounds)]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < plan.length; k++) {
      const { workload } = plan[(round + k) % plan.length] as PlannedWorkload;
      const size = sizes.get(workload.name)?.[round] ?? 0;
      if (size === 0) continue;
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const cpuBefore = sampleCpu();
      const result = await batch(workload, size);
      const into = batches.get(workload.name) as { results: BatchResult[]; cpu: CpuSample; summaries: BatchSummary[] };
      const cpu = cpuDelta(cpuBefore, sampleCpu());
      addCpu(into.cpu, cpu);
      into.results.push(result);
      into.summaries.push({
        round: round + 1,
        completed: result.latencies.length,
        failed: result.failures.length,
        perSecond: result.latencies.length / result.seconds,
        p50Ms: summarize(result.latencies).p50,
        cpuMsPerOp: perOp(cpu, result.latencies.length),
      });
      const db = into.summaries.at(-1)?.cpuMsPerOp.ferretdb ?? 0;
      log(`  round ${round + 1}/${options.rounds} ${workload.name}: ${result.latencies.length} ok, ${result.failures.length} failed, ${(result.latencies.length / result.seconds).toFixed(2)}/s, FerretDB ${db.toFixed(0)} cpu ms/op`);
    }
  }

  return plan.map(({ workload }) => {
    const { results, cpu, summaries } = batches.get(workload.name) as { results: BatchResult[]; cpu: CpuSample; summaries: BatchSummary[] };
    const latencies = results.flatMap((r) => r.latencies);
    const answers = results.flatMap((r) => r.answerLatencies);
    const seconds = results.reduce((s, r) => s + r.seconds, 0);
    return {
      name: workload.name,
      description: workload.description,
      completed: latencies.length,
      failed: results.reduce((s, r) => s + r.failures.length, 0),
      failures: count(results.flatMap((r) => r.failures.map((f) => [f, 1] as const))),
      seconds,
      perSecond: latencies.length / seconds,
      latencyMs: summarize(latencies),
      ...(answers.length > 0 ? { answer: { latencyMs: summarize(answers), statuses: count(results.flatMap((r) => Object.entries(r.answerStatuses))) } } : {}),
      workflowIds: results.flatMap((r) => r.workflowIds),
      batches: summaries,
      cpuSeconds: cpu,
    };
  });
}

/** Batch sizes placed in `rounds` slots, evenly apart and centred (one batch of four rounds: the third). */
function spread(batches: readonly number[], rounds: number): number[] {
  const slots = new Array<number>(rounds).fill(0);
  batches.forEach((size, j) => { slots[Math.floor(((j + 0.5) * rounds) / batches.length)] = size; });
  return slots;
}

/** CPU milliseconds per operation, by process. */
export function perOp(cpuSeconds: CpuSample, ops: number): Record<string, number> {
  return Object.fromEntries(Object.entries(cpuSeconds).map(([k, s]) => [k, (1000 * s) / Math.max(1, ops)]));
}

function count(entries: readonly (readonly [string, number])[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, n] of entries) counts[key] = (counts[key] ?? 0) + n;
  return counts;
}
