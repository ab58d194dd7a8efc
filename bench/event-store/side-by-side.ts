import { runWorkers } from './timing';

export interface Variant {
  readonly name: string;
  readonly op: (worker: number, i: number) => Promise<unknown>;
}

export interface Throughput {
  readonly ops: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/**
 * Runs the variants in alternating rounds on the same server, so that a noisy neighbour
 * slows all of them alike: round r starts with variant r mod n. Each variant is warmed up first.
 */
export async function sideBySide(
  variants: readonly Variant[],
  options: { writers: number; perWorker: number; rounds: number; warmupPerWorker: number },
): Promise<Map<string, Throughput>> {
  for (const v of variants) await runWorkers(options.writers, options.warmupPerWorker, v.op);
  const totals = new Map(variants.map((v) => [v.name, { ops: 0, seconds: 0 }]));
  for (let round = 0; round < options.rounds; round += 1) {
    for (let k = 0; k < variants.length; k += 1) {
      const v = variants[(round + k) % variants.length] as Variant;
      const seconds = await runWorkers(options.writers, options.perWorker, v.op);
      const total = totals.get(v.name) as { ops: number; seconds: number };
      total.ops += options.writers * options.perWorker;
      total.seconds += seconds;
    }
  }
  return new Map([...totals].map(([name, t]) => [name, { ...t, perSecond: t.ops / t.seconds }]));
}
