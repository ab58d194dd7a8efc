import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { DUPLICATE_KEY } from './mongo-errors';

export type InsertOutcome = 'inserted' | 'duplicate';

interface Waiting<T extends Document> {
  readonly doc: OptionalUnlessRequiredId<T>;
  readonly resolve: (outcome: InsertOutcome) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Group commit for single-document inserts into one collection. An insert goes out at once
 * when none is in flight; inserts that arrive while one is in flight wait for it and then
 * leave together as one unordered `insertMany`, so concurrent writers share round trips and
 * server transactions instead of queueing behind each other. Each caller still learns its own
 * outcome: inserted, refused by a unique index (`duplicate`, the compare-and-set the store is
 * built on), or its own error. A lone writer sees plain `insertOne` behaviour.
 */
export class GroupedInserts<T extends Document> {
  private waiting: Waiting<T>[] = [];
  private inFlight = 0;

  constructor(
    private readonly collection: Collection<T>,
    private readonly maxBatch = 128,
    private readonly maxInFlight = 2,
  ) {}

  insert(doc: OptionalUnlessRequiredId<T>): Promise<InsertOutcome> {
    return new Promise<InsertOutcome>((resolve, reject) => {
      this.waiting.push({ doc, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.drain();
      });
    }
  }

  private async send(batch: readonly Waiting<T>[]): Promise<void> {
    try {
      await this.collection.insertMany(
        batch.map((w) => w.doc),
        { ordered: false },
      );
      for (const w of batch) w.resolve('inserted');
    } catch (err) {
      const failures = perDocumentFailures(err);
      if (!failures) {
        for (const w of batch) w.reject(err);
        return;
      }
      batch.forEach((w, index) => {
        const failure = failures.get(index);
        if (!failure) w.resolve('inserted');
        else if (failure.code === DUPLICATE_KEY) w.resolve('duplicate');
        else w.reject(failure.error);
      });
    }
  }
}

/** Per-document errors of an unordered insertMany, by index; undefined when the whole batch failed. */
function perDocumentFailures(err: unknown): Map<number, { code: number | undefined; error: Error }> | undefined {
  if (!(err instanceof MongoBulkWriteError) || err.err) return undefined;
  const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  if (writeErrors.length === 0) return undefined;
  return new Map(
    writeErrors.map((e) => [e.index, { code: e.code, error: Object.assign(new Error(e.errmsg ?? `insert failed with code ${String(e.code)}`), { code: e.code }) }]),
  );
}
