import type { ClaimHolder } from './claim-documents';
import type { ClaimStore } from './claim-store';
import { deleteChunks } from './delete-chunks';

/**
 * Whether a holder still refers to a claim: `held`, or released at `releasedAt` (a workflow that
 * closed then), or never referred to it / no longer exists (`releasedAt` undefined).
 */
export type HolderState = { readonly held: true } | { readonly held: false; readonly releasedAt?: Date };

export type HolderCheck = (claimId: string, holder: ClaimHolder) => Promise<HolderState>;

export interface RetentionOptions {
  /** How long an unreferenced claim is kept: after its creation, and after its holder released it. */
  readonly retentionMs: number;
  /** One check per holder kind; a claim whose holder kind has no check is kept. */
  readonly checks: Readonly<Record<string, HolderCheck>>;
  readonly now?: Date;
  readonly onError?: (claimId: string, err: unknown) => void;
}

export interface SweepResult {
  readonly deleted: string[];
  readonly kept: number;
  /** Uploads that never finished, their chunks removed. */
  readonly abandonedUploads: number;
}

/**
 * Deletes claims that nothing refers to any more, once they are older than the retention: no
 * holder, or a holder whose check says it does not hold the claim (and released it longer ago
 * than the retention). A claim whose check says `held`, whose check fails, or whose holder kind
 * has no check is kept: a referenced claim is never deleted. A claim is given the retention to
 * get its reference (the event appended, the workflow started) after its upload.
 */
export async function sweepClaims(store: ClaimStore, options: RetentionOptions): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionMs);
  const { claims, uploads, chunks } = store.collections;
  const deleted: string[] = [];
  let kept = 0;
  // A scan, but of small metadata documents, and only when the sweep runs.
  const candidates = await claims.find({ createdAt: { $lt: cutoff } }, { projection: { _id: 1, holder: 1 } }).toArray();
  for (const candidate of candidates) {
    try {
      if (await unreferenced(candidate._id, candidate.holder, cutoff, options.checks)) {
        if (await store.delete(candidate._id)) deleted.push(candidate._id);
      } else {
        kept += 1;
      }
    } catch (err) {
      kept += 1;
      options.onError?.(candidate._id, err);
    }
  }
  const stale = await uploads.find({ startedAt: { $lt: cutoff } }).toArray();
  for (const upload of stale) {
    // A crash between the claim's insert and the upload record's removal leaves a complete claim.
    if (!(await claims.findOne({ _id: upload._id }, { projection: { _id: 1 } }))) await deleteChunks(chunks, upload._id);
    await uploads.deleteOne({ _id: upload._id });
  }
  return { deleted, kept, abandonedUploads: stale.length };
}

async function unreferenced(claimId: string, holder: ClaimHolder | null, cutoff: Date, checks: RetentionOptions['checks']): Promise<boolean> {
  if (!holder) return true;
  const check = checks[holder.kind];
  if (!check) return false;
  const state = await check(claimId, holder);
  if (state.held) return false;
  return state.releasedAt === undefined || state.releasedAt < cutoff;
}
