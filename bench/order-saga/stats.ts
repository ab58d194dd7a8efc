import { performance } from 'node:perf_hooks';

/** One operation's outcome: ok, or why it did not finish as expected. */
export type Outcome = Success | { readonly ok: false; readonly reason: string };

export interface Success {
  readonly ok: true;
  /** The workflow the operation ran, to look up its time inside the worker. */
  readonly workflowId?: string;
  /** REST operations: milliseconds to the HTTP answer and the saga status in it (the route may answer before the saga ends, e.g. at AWAITING_DISPATCH). */
  readonly answer?: { readonly ms: number; readonly status: string };
}

export interface BatchResult {
  readonly seconds: number;
  /** End-to-end milliseconds of the operations that succeeded. */
  readonly latencies: number[];
  readonly failures: string[];
  /** Workflows run by the operations that succeeded. */
  readonly workflowIds: string[];
  /** Milliseconds to the REST answer of each operation that had one. */
  readonly answerLatencies: number[];
  /** Status in the REST answers, counted. */
  readonly answerStatuses: Record<string, number>;
}

/**
 * Runs operations 0..count-1 with `concurrency` of them in flight at all times (a closed loop:
 * each slot starts the next operation as soon as its previous one ends).
 */
export async function runClosedLoop(count: number, concurrency: number, op: (i: number) => Promise<Outcome>): Promise<BatchResult> {
  const latencies: number[] = [];
  const failures: string[] = [];
  const workflowIds: string[] = [];
  const answerLatencies: number[] = [];
  const answerStatuses: Record<string, number> = {};
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const outcome = await op(i).catch((err: unknown): Outcome => ({ ok: false, reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
        const ms = performance.now() - t0;
        if (outcome.ok) {
          latencies.push(ms);
          if (outcome.workflowId) workflowIds.push(outcome.workflowId);
          if (outcome.answer) {
            answerLatencies.push(outcome.answer.ms);
            answerStatuses[outcome.answer.status] = (answerStatuses[outcome.answer.status] ?? 0) + 1;
          }
        } else failures.push(outcome.reason);
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, latencies, failures, workflowIds, answerLatencies, answerStatuses };
}

/** Splits `total` into `parts` near-equal positive sizes. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, k) => Math.floor((total * (k + 1)) / parts) - Math.floor((total * k) / parts));
}
