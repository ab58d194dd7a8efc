import type { Collection, Filter } from 'mongodb';
import type { EventEnvelope } from '../messaging/envelope';
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
  const after = options.after === undefined ? undefined : decodeCheckpoint(options.after);
  const settled = new Date(now.getTime() - settleMs);
  const filter: Filter<CommitDocument> = after
    ? {
        committedAt: { $lte: settled },
        $or: [{ committedAt: { $gt: after.committedAt } }, { committedAt: after.committedAt, _id: { $gte: after.commitId } }],
      }
    : { committedAt: { $lte: settled } };
  const page = await commits.find(filter).sort({ committedAt: 1, _id: 1 }).limit(limit + 1).toArray();

  const events: EventEnvelope[] = [];
  let checkpoint = options.after;
  for (const commit of page) {
    const skip = after && commit._id === after.commitId && commit.committedAt.getTime() === after.committedAt.getTime() ? after.taken : 0;
    for (let i = skip; i < commit.events.length && events.length < limit; i += 1) {
      events.push(toEnvelope(commit.events[i] as EventEnvelope));
      checkpoint = encodeCheckpoint({ committedAt: commit.committedAt, commitId: commit._id, taken: i + 1 });
    }
    if (events.length >= limit) break;
  }
  return { events, checkpoint };
}
