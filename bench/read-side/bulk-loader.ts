import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import type { AppendOptions, ExpectedVersion, NewEvent } from '../../shared/platform/event-store';
import { commitIdAfter, type CommitDocument } from '../../shared/platform/event-store/commit-document';
import type { EventEnvelope } from '../../shared/platform/event-store/event-envelope';
import { EVENT_STORE_COLLECTIONS } from '../../shared/platform/event-store/event-store-collections';
import type { EventAppender } from '../../test/support/order-workload';

/** Writes the workload's commits straight into the commit collection, in the store's format (fast seeding for rebuilds). */
export class BulkCommitLoader implements EventAppender {
  private readonly versions = new Map<string, number>();
  private readonly buffer: CommitDocument[] = [];
  private readonly start = Date.now() - 24 * 3600_000;
  private commits = 0;

  constructor(private readonly db: Db) {}

  async append(streamId: string, _expected: ExpectedVersion, events: readonly NewEvent[], options: AppendOptions): Promise<{ lastVersion: number }> {
    const head = this.versions.get(streamId) ?? 0;
    const committedAt = new Date(this.start + this.commits++);
    const envelopes: EventEnvelope[] = events.map((e, i) => ({
      type: e.type, eventId: randomUUID(), correlationId: options.correlationId, causationId: options.correlationId,
      streamId, version: head + i + 1, timestamp: committedAt, schemaVersion: 1, payload: e.payload,
    }));
    this.buffer.push({ _id: commitIdAfter(streamId, head), streamId, firstVersion: head + 1, lastVersion: head + events.length, events: envelopes, correlationId: options.correlationId, committedAt });
    this.versions.set(streamId, head + events.length);
    if (this.buffer.length >= 1_000) await this.flush();
    return { lastVersion: head + events.length };
  }

  async flush(): Promise<void> {
    const batch = this.buffer.splice(0);
    if (batch.length > 0) await this.db.collection<CommitDocument>(EVENT_STORE_COLLECTIONS.commits).insertMany(batch, { ordered: false });
  }

  get commitCount(): number {
    return this.commits;
  }
}
