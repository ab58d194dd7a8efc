import { ActivityFailure, ApplicationFailure, CancellationScope, isCancellation } from '@temporalio/workflow';

export interface CompensationOutcome {
  readonly compensated: readonly string[];
  readonly failed: readonly { step: string; reason: string }[];
}

/**
 * The undo actions of completed saga steps. A compensation is pushed only after its step
 * succeeded; `unwind` runs them newest first in a non-cancellable scope, so a cancelled
 * workflow still undoes what it did. Compensation activities retry transient failures without
 * limit; a permanent failure of one is recorded and the others still run (an operator must look).
 */
export class CompensationStack {
  private readonly entries: { step: string; undo: () => Promise<unknown> }[] = [];

  push(step: string, undo: () => Promise<unknown>): void {
    this.entries.push({ step, undo });
  }

  /** A later step changes how an earlier one is undone (a captured payment is refunded, not voided). */
  replace(step: string, undo: () => Promise<unknown>): void {
    const entry = this.entries.find((e) => e.step === step);
    if (!entry) throw new Error(`no compensation registered for step '${step}'`);
    entry.undo = undo;
  }

  get size(): number {
    return this.entries.length;
  }

  async unwind(onCompensated: (step: string) => void): Promise<CompensationOutcome> {
    const failed: { step: string; reason: string }[] = [];
    const compensated: string[] = [];
    await CancellationScope.nonCancellable(async () => {
      for (const { step, undo } of [...this.entries].reverse()) {
        try {
          await undo();
          compensated.push(step);
          onCompensated(step);
        } catch (err) {
          if (isCancellation(err)) throw err;
          failed.push({ step, reason: failureReason(err) });
        }
      }
    });
    this.entries.length = 0;
    return { compensated, failed };
  }
}

/** The business reason of a failed activity: its ApplicationFailure type and message. */
export function failureReason(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return cause.type ? `${cause.type}: ${cause.message}` : cause.message;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
