import { performance } from 'node:perf_hooks';

/** Milliseconds taken by `fn` (monotonic clock). */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
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
