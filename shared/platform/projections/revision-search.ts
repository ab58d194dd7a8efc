/** Revisions one search asks about per round (all searches of a round go out in one read). */
export const PROBES_PER_ROUND = 6;

/**
 * Finds a document's last revision when its revisions are `1..n` (contiguous, `n` unknown, maybe
 * 0), asking about several revisions per round so that many documents are searched together:
 * first the hint and the one after it (the usual answer: nothing new, or one more), else a gallop
 * (`lo + step·2^i`, the step growing each round), then points that split the gap left between
 * the last revision found and the first missing one. The caller reads `probes()` for every open
 * search, then tells each what exists (`learn`), until `done`.
 */
export class RevisionSearch<R> {
  /** Highest revision known to exist (0: none). */
  private lo = 0;
  private loDoc: R | null = null;
  /** Lowest revision known to be missing (undefined: none yet). */
  private hi: number | undefined;
  private step = 1;
  private hint: number | undefined;
  private asked: readonly number[] = [];
  /** The hint named a revision that does not exist (the document is gone or was never that far). */
  staleHint = false;

  constructor(
    readonly id: string,
    hint?: number,
  ) {
    this.hint = hint !== undefined && hint > 0 ? hint : undefined;
  }

  get done(): boolean {
    return this.hi !== undefined && this.hi - this.lo <= 1;
  }

  /** The last revision and its document (null: none), once done. */
  get last(): { readonly rev: number; readonly doc: R | null } {
    return { rev: this.lo, doc: this.loDoc };
  }

  /** The revisions to ask about this round, ascending. */
  probes(): readonly number[] {
    this.asked = this.nextProbes();
    return this.asked;
  }

  /** Takes in what this round's probes found (`found(rev)`: the document, or undefined when missing). */
  learn(found: (rev: number) => R | undefined): void {
    const galloping = this.hint === undefined && this.hi === undefined;
    if (this.hint !== undefined) {
      const hint = this.hint;
      this.hint = undefined;
      if (found(hint) === undefined) {
        this.staleHint = true;
        return; // start over knowing nothing
      }
    }
    for (const rev of this.asked) {
      const doc = found(rev);
      if (doc === undefined) {
        // revisions are contiguous: the first missing one bounds the search
        this.hi = Math.min(this.hi ?? Infinity, rev);
        return;
      }
      if (rev > this.lo) {
        this.lo = rev;
        this.loDoc = doc;
      }
    }
    if (galloping) this.step *= 2 ** PROBES_PER_ROUND;
  }

  private nextProbes(): number[] {
    if (this.hint !== undefined) return [this.hint, this.hint + 1];
    if (this.hi === undefined) return Array.from({ length: PROBES_PER_ROUND }, (_, i) => this.lo + this.step * 2 ** i);
    const gap = this.hi - this.lo;
    const count = Math.min(PROBES_PER_ROUND, gap - 1);
    const points = Array.from({ length: count }, (_, i) => this.lo + Math.max(1, Math.floor((gap * (i + 1)) / (count + 1))));
    return [...new Set(points)];
  }
}
