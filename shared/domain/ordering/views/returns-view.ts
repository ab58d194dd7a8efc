import type { EventEnvelope } from '../../../platform/event-store/event-envelope';
import type { ProjectionView } from '../../../platform/projections/projection-view';
import { applyToStreamDocument } from '../../../platform/projections/stream-document';
import { updateDocument, type ViewDocument, type ViewReader, type ViewStore } from '../../../platform/projections/view-store';
import {
  evolveReturnPart,
  isStuck,
  participantOf,
  RETURN_PARTICIPANTS,
  RETURNS_VIEW_EVENT_TYPES,
  returnSourcesOf,
  summariseReturn,
  type OutstandingReaction,
  type ReturnParticipant,
  type ReturnPartDocument,
  type ReturnProgress,
  type ReturnStatus,
} from './return-progress';

/** One return in a list: enough to filter by status and to see who is late. */
export interface ReturnIndexEntry {
  readonly returnId: string;
  readonly orderId: string;
  readonly status: ReturnStatus;
  readonly requestedAt: Date;
  readonly lastProgressAt: Date;
  readonly outstanding: readonly OutstandingReaction[];
  readonly stamp: number;
}

interface ReturnIndexDocument extends ViewDocument {
  readonly entries: readonly ReturnIndexEntry[];
}

const partId = (returnId: string, participant: ReturnParticipant): string => `return|${returnId}|${participant}`;
/** Returns with a reaction outstanding: stuck detection reads this one document. */
const OPEN_INDEX = 'index|open';
/** Returns every participant has finished with, by the (UTC) day of their last reaction. */
const settledIndex = (day: string): string => `index|settled|${day}`;
const dayOf = (at: Date): string => new Date(at).toISOString().slice(0, 10);
/** Rounds of "index, then check nothing moved meanwhile" before leaving it to the next event's apply. */
const MAX_INDEX_ROUNDS = 10;

/**
 * The returns view, keyed by correlation id (a return's id is the correlation id of every event
 * of its choreography). One document per (return, participant), written by that participant's
 * stream alone (`return|<id>|<participant>`, idempotent by stream version), put together on
 * read; and an index for lists and stuck detection: the open returns in one document, settled
 * ones by day. An index entry carries the sum of its parts' versions, so a summary computed from
 * fresher parts always wins; after writing the index, an apply reads the parts again and indexes
 * once more if another participant's event landed meanwhile, so the index ends up at the parts'
 * final state whatever order concurrent deliveries take.
 */
export const returnsView: ProjectionView = {
  name: 'returns',
  eventTypes: RETURNS_VIEW_EVENT_TYPES,
  async apply(store, event) {
    const returnId = event.correlationId;
    for (const source of await returnSourcesOf(event)) {
      await applyToStreamDocument<ReturnPartDocument['state']>(store, partId(returnId, participantOf(source)), source, (part, e: EventEnvelope) => evolveReturnPart(part, e));
    }
    // Also when the part had it already: a crash may have come between the part and the index.
    await indexReturn(store, returnId);
  },
  documents(event) {
    return { reads: [...RETURN_PARTICIPANTS.map((p) => partId(event.correlationId, p)), OPEN_INDEX] };
  },
};

async function readParts(reader: ViewReader, returnId: string): Promise<(ReturnPartDocument | null)[]> {
  return Promise.all(RETURN_PARTICIPANTS.map((p) => reader.get<ReturnPartDocument>(partId(returnId, p))));
}

/** A return as its participants' streams show it now, or null when ordering's request is not in the view (yet). */
export async function readReturnProgress(reader: ViewReader, returnId: string): Promise<ReturnProgress | null> {
  const [ordering, ...others] = await readParts(reader, returnId);
  if (!ordering?.state.request) return null;
  return summariseReturn(returnId, ordering, others.filter((d): d is ReturnPartDocument => d !== null));
}

async function indexReturn(store: ViewStore, returnId: string): Promise<void> {
  for (let round = 0; round < MAX_INDEX_ROUNDS; round++) {
    const progress = await readReturnProgress(store, returnId);
    // Without ordering's request there is nothing to list yet; its own apply will index the return.
    if (!progress) return;
    await writeIndex(store, progress);
    const stamp = (await readParts(store, returnId)).reduce((n, d) => n + (d?.version ?? 0), 0);
    if (stamp === progress.stamp) return;
  }
}

async function writeIndex(store: ViewStore, progress: ReturnProgress): Promise<void> {
  const entry: ReturnIndexEntry = {
    returnId: progress.returnId,
    orderId: progress.orderId,
    status: progress.status,
    requestedAt: progress.requestedAt,
    lastProgressAt: progress.lastProgressAt,
    outstanding: progress.outstanding,
    stamp: progress.stamp,
  };
  if (progress.settled) await upsertEntry(store, settledIndex(dayOf(progress.lastProgressAt)), entry);
  await updateDocument<ReturnIndexDocument>(store, OPEN_INDEX, (current) => {
    const entries = current?.entries ?? [];
    const existing = entries.find((e) => e.returnId === entry.returnId);
    if (existing && existing.stamp > entry.stamp) return null;
    if (progress.settled && !existing) return null;
    if (existing && existing.stamp === entry.stamp && !progress.settled) return null;
    const others = entries.filter((e) => e.returnId !== entry.returnId);
    return { _id: OPEN_INDEX, entries: progress.settled ? others : [...others, entry].sort(oldestFirst) };
  });
}

async function upsertEntry(store: ViewStore, id: string, entry: ReturnIndexEntry): Promise<void> {
  await updateDocument<ReturnIndexDocument>(store, id, (current) => {
    const entries = current?.entries ?? [];
    const existing = entries.find((e) => e.returnId === entry.returnId);
    if (existing && existing.stamp >= entry.stamp) return null;
    return { _id: id, entries: [...entries.filter((e) => e.returnId !== entry.returnId), entry].sort(oldestFirst) };
  });
}

const oldestFirst = (a: ReturnIndexEntry, b: ReturnIndexEntry): number =>
  new Date(a.requestedAt).getTime() - new Date(b.requestedAt).getTime() || (a.returnId < b.returnId ? -1 : a.returnId > b.returnId ? 1 : 0);

export interface ReturnListQuery {
  readonly status?: ReturnStatus;
  /** Only returns a participant owes a reaction and that made no progress for `stuckAfterMs`. */
  readonly stuck?: boolean;
  /** How many days of settled returns to include (by their last reaction). */
  readonly days: number;
  readonly limit: number;
  readonly now: Date;
  readonly stuckAfterMs: number;
}

export type ListedReturn = Omit<ReturnIndexEntry, 'stamp'> & { readonly stuck: boolean };

/** Open returns from one document, settled ones from one document per day asked for; newest first. */
export async function listReturns(reader: ViewReader, query: ReturnListQuery): Promise<{ returns: ListedReturn[]; total: number }> {
  const open = (await reader.get<ReturnIndexDocument>(OPEN_INDEX))?.entries ?? [];
  const wantsSettled = !query.stuck && (query.status === undefined || query.status === 'COMPLETED' || query.status === 'FAILED');
  const settled = wantsSettled ? await readSettled(reader, query.now, query.days) : [];
  const matching = [...open, ...settled]
    .map(({ stamp: _stamp, ...e }) => ({ ...e, stuck: isStuck(e, query.now, query.stuckAfterMs) }))
    .filter((e) => (query.status === undefined || e.status === query.status) && (!query.stuck || e.stuck))
    .sort((a, b) => new Date(b.requestedAt).getTime() - new Date(a.requestedAt).getTime());
  return { returns: matching.slice(0, query.limit), total: matching.length };
}

async function readSettled(reader: ViewReader, now: Date, days: number): Promise<ReturnIndexEntry[]> {
  const ids = Array.from({ length: days }, (_, i) => settledIndex(dayOf(new Date(now.getTime() - i * 86_400_000))));
  const docs = await Promise.all(ids.map((id) => reader.get<ReturnIndexDocument>(id)));
  return docs.flatMap((d) => d?.entries ?? []);
}

/** Open returns and how many of them are stuck now (the stuck metric). */
export async function countOpenReturns(reader: ViewReader, now: Date, stuckAfterMs: number): Promise<{ open: number; stuck: number }> {
  const open = (await reader.get<ReturnIndexDocument>(OPEN_INDEX))?.entries ?? [];
  return { open: open.length, stuck: open.filter((e) => isStuck(e, now, stuckAfterMs)).length };
}
