import type { Collection, Filter } from 'mongodb';
import type { EventEnvelope } from './event-envelope';
import type { CommitDocument } from './commit-document';
import { toEnvelope } from './commit-document';

export interface ReadAllOptions {
  /** A checkpoint from an earlier page; omitted = from the beginning. */
  readonly after?: string;
  /** Most events to return (default 500). */
  readonly limit?: number;
}

export interface ReadAllPage {
  readonly events: readonly EventEnvelope[];
  /** Pass as `after` to continue; unchanged when nothing new has settled. Undefined only before the first event. */
  readonly checkpoint: string | undefined;
}

interface Checkpoint {
  readonly committedAt: Date;
  readonly commitId: string;
  /** Events of that commit already returned. */
  readonly taken: number;
}

/** `"<committedAt ms>|<commitId>|<events taken>"`; '|' cannot occur in a commit id. */
export function encodeCheckpoint(c: Checkpoint): string {
  return `${c.committedAt.getTime()}|${c.commitId}|${c.taken}`;
}

export function decodeCheckpoint(text: string): Checkpoint {
  const parts = text.split('|');
  const [ms, commitId, taken] = parts;
  if (parts.length !== 3 || !ms || !commitId || !taken || !/^\d+$/.test(ms) || !/^\d+$/.test(taken)) {
    throw new TypeError(`invalid event store checkpoint ${JSON.stringify(text)}`);
  }
  return { committedAt: new Date(Number(ms)), commitId, taken: Number(taken) };
}

/**
 * All events in a stable global order: commits by (committedAt, _id), events in commit order.
 * There is no global counter (it would serialise every append on one document), so a commit
 * becomes visible only once it is older than `settleMs`: a writer stamps `committedAt` just
 * before its insert, and a commit stamped earlier but inserted later than a reader's page must
 * not fall behind that reader's checkpoint. `settleMs` must exceed insert latency plus clock
 * skew between writers. Within a stream, `committedAt` never goes backwards (each commit is
 * stamped after its predecessor), so per-stream order is preserved too.
 */
export async function readAllPage(
  commits: Collection<CommitDocument>,
  options: ReadAllOptions,
  settleMs: number,
  now = new Date(),
): Promise<ReadAllPage> {
  const limit = options.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('readAll limit must be a positive integer');
  const { filter, after } = settledAfter(options.after, settleMs, now);
  const page = await commits.find(filter).sort(GLOBAL_ORDER).limit(limit + 1).toArray();
  const reader = new PageReader(options.after, after);
  for (const commit of page) if (reader.take(commit, limit)) break;
  return reader.page();
}

/**
 * Everything `readAllPage` would return page after page, from ONE server cursor. Where the
 * server scans (FerretDB) a page costs a scan of the whole commit collection; a rebuild reading
 * it this way pays for one. Yields pages of at most `pageSize` events; the last may be empty.
 */
export async function* readAllPages(
  commits: Collection<CommitDocument>,
  options: { readonly after?: string; readonly pageSize: number },
  settleMs: number,
  now = new Date(),
): AsyncGenerator<ReadAllPage> {
  const { filter, after } = settledAfter(options.after, settleMs, now);
  let reader = new PageReader(options.after, after);
  for await (const commit of commits.find(filter).sort(GLOBAL_ORDER).batchSize(Math.min(options.pageSize, 5_000))) {
    while (reader.take(commit, options.pageSize)) {
      const page = reader.page();
      yield page;
      // The rest of a commit split across pages continues from the checkpoint.
      reader = new PageReader(page.checkpoint, page.checkpoint === undefined ? undefined : decodeCheckpoint(page.checkpoint));
    }
  }
  yield reader.page();
}

const GLOBAL_ORDER = { committedAt: 1, _id: 1 } as const;

function settledAfter(afterText: string | undefined, settleMs: number, now: Date): { filter: Filter<CommitDocument>; after?: Checkpoint } {
  const after = afterText === undefined ? undefined : decodeCheckpoint(afterText);
  const settled = new Date(now.getTime() - settleMs);
  const filter: Filter<CommitDocument> = after
    ? {
        committedAt: { $lte: settled },
        $or: [{ committedAt: { $gt: after.committedAt } }, { committedAt: after.committedAt, _id: { $gte: after.commitId } }],
      }
    : { committedAt: { $lte: settled } };
  return after ? { filter, after } : { filter };
}

/** Collects the events of commits in global order after a checkpoint, up to a limit. */
class PageReader {
  private readonly events: EventEnvelope[] = [];

  constructor(
    private checkpoint: string | undefined,
    private readonly after: Checkpoint | undefined,
  ) {}

  /** Takes the commit's events not yet taken; true when the page is full (the commit may have more). */
  take(commit: CommitDocument, limit: number): boolean {
    const after = this.after;
    const skip = after && commit._id === after.commitId && commit.committedAt.getTime() === after.committedAt.getTime() ? after.taken : 0;
    for (let i = skip; i < commit.events.length && this.events.length < limit; i += 1) {
      this.events.push(toEnvelope(commit.events[i] as EventEnvelope));
      this.checkpoint = encodeCheckpoint({ committedAt: commit.committedAt, commitId: commit._id, taken: i + 1 });
    }
    return this.events.length >= limit;
  }

  page(): ReadAllPage {
    return { events: this.events, checkpoint: this.checkpoint };
  }
}
