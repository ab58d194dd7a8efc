import { performance } from 'node:perf_hooks';

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** Milliseconds taken by `fn` (monotonic clock). */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return { n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), mean, max: Math.max(...samples) };
}

/** `workers` concurrent loops of `perWorker` sequential operations; returns the wall-clock seconds. */
export async function runWorkers(workers: number, perWorker: number, op: (worker: number, i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; i < perWorker; i += 1) await op(worker, i);
    }),
  );
  return (performance.now() - start) / 1000;
}

/**
 * Up to `max` timed samples of `fn`, at least one, stopping early once `budgetMs` is spent
 * (some operations take seconds on FerretDB; see the README).
 */
export async function sampleWithin(max: number, budgetMs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < max && (samples.length === 0 || performance.now() - start < budgetMs)) samples.push(await timeMs(fn));
  return samples;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
