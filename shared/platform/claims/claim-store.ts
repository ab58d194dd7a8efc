import type { Db } from 'mongodb';
import { claimCollections, type ClaimCollections, type ClaimDocument, type ClaimHolder } from './claim-documents';
import { ClaimNotFoundError } from './claim-errors';
import { readClaimChunks } from './claim-reader';
import type { ClaimTicket } from './claim-ticket';
import { uploadClaim, type PutOptions } from './claim-upload';
import { deleteChunks } from './delete-chunks';

/** A stored claim as callers see it: the ticket plus who may read it and who it was stored for. */
export interface Claim extends ClaimTicket {
  readonly createdAt: Date;
  readonly readers: readonly string[];
  readonly holder: ClaimHolder | null;
}

/**
 * The claim-check store: immutable content kept aside from messages and workflow histories,
 * streamed in and out in chunks (never buffered whole) and checked against its SHA-256 on read.
 * Every lookup is by exact `_id` (FerretDB's SQLite backend scans for anything else), which is
 * why it does not use GridFS's `{files_id, n}` chunk queries; see README "Claim check".
 */
export class ClaimStore {
  readonly collections: ClaimCollections;

  constructor(db: Db) {
    this.collections = claimCollections(db);
  }

  /** Stores the content; refusals (size, digest, content type) store nothing. */
  put(source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<ClaimTicket> {
    return uploadClaim(this.collections, source, options);
  }

  async find(claimId: string): Promise<Claim | undefined> {
    const doc = await this.collections.claims.findOne({ _id: claimId });
    return doc ? toClaim(doc) : undefined;
  }

  /** The claim and its checked content as a stream of chunks; ClaimNotFoundError if unknown. */
  async open(claimId: string): Promise<{ claim: Claim; content: AsyncGenerator<Buffer> }> {
    const doc = await this.collections.claims.findOne({ _id: claimId });
    if (!doc) throw new ClaimNotFoundError(claimId);
    return { claim: toClaim(doc), content: readClaimChunks(this.collections, doc) };
  }

  /** The whole content in memory, for callers that need it so anyway (a Temporal payload). */
  async read(claimId: string): Promise<Buffer> {
    const { content } = await this.open(claimId);
    const parts: Buffer[] = [];
    for await (const chunk of content) parts.push(chunk);
    return Buffer.concat(parts);
  }

  /** Removes the claim document first (it stops being readable), then its chunks. */
  async delete(claimId: string): Promise<boolean> {
    const doc = await this.collections.claims.findOne({ _id: claimId }, { projection: { chunkSha256: 1 } });
    if (!doc) return false;
    await this.collections.claims.deleteOne({ _id: claimId });
    await deleteChunks(this.collections.chunks, claimId, doc.chunkSha256.length);
    return true;
  }
}

function toClaim(doc: ClaimDocument): Claim {
  return {
    claimId: doc._id,
    size: doc.size,
    contentType: doc.contentType,
    sha256: doc.sha256,
    createdAt: doc.createdAt,
    readers: doc.readers,
    holder: doc.holder,
  };
}
