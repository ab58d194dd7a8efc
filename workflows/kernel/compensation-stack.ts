/**
 * The undo actions of a saga's steps, registered before each step runs: a step can act and still
 * fail to report back (a timeout, a crash, an outage), so every compensation must be idempotent
 * and correct when there is nothing to undo. `unwind` runs the ones not yet done, newest first;
 * a compensation that fails permanently is kept as failed and the others still run, and calling
 * `unwind` again retries only what is left (an operator's retry). Pure bookkeeping: the caller
 * runs `unwind` in a non-cancellable scope and gives activities their retry policy.
 */
export class CompensationStack {
  private readonly entries: Entry[] = [];

  /** Registers how to undo `step` before the step runs. */
  register(step: string, undo: () => Promise<unknown>): void {
    this.entries.push({ step, undo, done: false, failure: null });
  }

  /** A later step changes how an earlier one is undone (a payment about to be captured is refunded, not voided). */
  replace(step: string, undo: () => Promise<unknown>): void {
    this.entry(step).undo = undo;
  }

  has(step: string): boolean {
    return this.entries.some((e) => e.step === step);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Steps whose compensation failed and has not been retried successfully, newest first. */
  get failures(): readonly CompensationFailure[] {
    return [...this.entries].reverse().flatMap((e) => (e.failure ? [{ step: e.step, reason: e.failure }] : []));
  }

  /**
   * Runs every compensation not yet done, newest first, one at a time. `describe` turns a
   * failure into a reason; `onCompensated` hears each success with what the undo returned.
   * Returns what this round compensated and what still fails.
   */
  async unwind(describe: (err: unknown) => string, onCompensated: (step: string, result: unknown) => void = () => undefined): Promise<UnwindOutcome> {
    const compensated: string[] = [];
    for (const entry of [...this.entries].reverse()) {
      if (entry.done) continue;
      try {
        const result = await entry.undo();
        entry.done = true;
        entry.failure = null;
        compensated.push(entry.step);
        onCompensated(entry.step, result);
      } catch (err) {
        entry.failure = describe(err);
      }
    }
    return { compensated, failed: this.failures };
  }

  private entry(step: string): Entry {
    const entry = this.entries.find((e) => e.step === step);
    if (!entry) throw new Error(`no compensation registered for step '${step}'`);
    return entry;
  }
}

export interface CompensationFailure {
  readonly step: string;
  readonly reason: string;
}

export interface UnwindOutcome {
  readonly compensated: readonly string[];
  readonly failed: readonly CompensationFailure[];
}

interface Entry {
  readonly step: string;
  undo: () => Promise<unknown>;
  done: boolean;
  failure: string | null;
}
