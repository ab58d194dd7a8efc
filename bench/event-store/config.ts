/** Iteration counts, bounded so a full run stays under ten minutes on 2 cores (quick: under a minute). */
export interface BenchConfig {
  readonly quick: boolean;
  readonly append: {
    readonly writers: readonly number[];
    readonly rounds: number;
    /** Operations per writer per round, by writer count. */
    readonly perWorker: Readonly<Record<number, number>>;
    readonly warmupPerWorker: number;
    readonly breakdownAppends: number;
  };
  readonly contended: { readonly rounds: number; readonly writers: number; readonly perWriter: number };
  readonly load: {
    readonly events: number;
    readonly snapshotEvery: number;
    /** Events after the snapshot (snapshotEvery / 2: the average case). */
    readonly tail: number;
    readonly samples: number;
    /** Stop a ladder of loads without snapshots once one step takes longer than this. */
    readonly budgetMs: number;
  };
  readonly relay: {
    readonly backlog: number;
    readonly streams: number;
    readonly latencyAppends: number;
    readonly appendsPerSecond: number;
    readonly pollIntervals: readonly number[];
    readonly maxWaitMs: number;
  };
  readonly growth: {
    readonly small: number;
    readonly large: number;
    readonly samples: number;
    readonly budgetMs: number;
  };
}

export const FULL: BenchConfig = {
  quick: false,
  append: { writers: [1, 8, 64], rounds: 2, perWorker: { 1: 40, 8: 8, 64: 2 }, warmupPerWorker: 1, breakdownAppends: 30 },
  contended: { rounds: 2, writers: 8, perWriter: 5 },
  load: { events: 10_000, snapshotEvery: 100, tail: 50, samples: 3, budgetMs: 30_000 },
  relay: { backlog: 300, streams: 30, latencyAppends: 60, appendsPerSecond: 10, pollIntervals: [500, 50], maxWaitMs: 120_000 },
  growth: { small: 1_000, large: 100_000, samples: 5, budgetMs: 10_000 },
};

export const QUICK: BenchConfig = {
  quick: true,
  append: { writers: [1, 8], rounds: 1, perWorker: { 1: 10, 8: 2 }, warmupPerWorker: 1, breakdownAppends: 10 },
  contended: { rounds: 1, writers: 8, perWriter: 2 },
  load: { events: 1_000, snapshotEvery: 100, tail: 50, samples: 1, budgetMs: 1_000 },
  relay: { backlog: 40, streams: 10, latencyAppends: 15, appendsPerSecond: 10, pollIntervals: [500], maxWaitMs: 30_000 },
  growth: { small: 1_000, large: 3_000, samples: 2, budgetMs: 2_000 },
};
