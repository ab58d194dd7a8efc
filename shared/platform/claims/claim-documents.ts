import type { Binary, Db } from 'mongodb';

/**
 * Who a claim was stored for: the retention sweep asks a check registered for `kind` whether
 * that holder still refers to it (an event stream, a workflow).
 */
export interface ClaimHolder {
  readonly kind: string;
  readonly id: string;
  readonly namespace?: string;
}

/** A claim's metadata; written once, after every chunk, so a claim that exists is complete. */
export interface ClaimDocument {
  _id: string;
  size: number;
  contentType: string;
  sha256: string;
  createdAt: Date;
  /** Who may read it (API scopes). */
  readers: string[];
  holder: ClaimHolder | null;
  chunkSize: number;
  /** SHA-256 of each chunk, so every chunk is checked before a byte of it is served. */
  chunkSha256: string[];
}

/** One piece of content, `_id` = `<claimId>:<n>`: read by exact `_id`, the lookup FerretDB indexes. */
export interface ChunkDocument {
  _id: string;
  data: Binary;
}

/** An upload under way; chunks of one that never finished are removed by the retention sweep. */
export interface UploadDocument {
  _id: string;
  startedAt: Date;
}

export function claimCollections(db: Db) {
  return {
    claims: db.collection<ClaimDocument>('claims'),
    chunks: db.collection<ChunkDocument>('claim_chunks'),
    uploads: db.collection<UploadDocument>('claim_uploads'),
  };
}

export type ClaimCollections = ReturnType<typeof claimCollections>;

export const chunkId = (claimId: string, n: number): string => `${claimId}:${n}`;
