import { createHash, randomUUID } from 'node:crypto';
import { Binary } from 'mongodb';
import { chunkId, type ChunkDocument, type ClaimCollections, type ClaimDocument, type ClaimHolder } from './claim-documents';
import { ClaimDigestMismatchError, ClaimTooLargeError } from './claim-errors';
import { assertContentMatches, CONTENT_SNIFF_BYTES } from './content-type-check';
import { deleteChunks } from './delete-chunks';
import type { ClaimTicket } from './claim-ticket';

/**
 * 1020 KiB (four of GridFS's 255 KiB chunks): every chunk is one exact-`_id` round trip on read,
 * so bigger chunks read faster (measured in bench/claim-check.ts), while a chunk document stays far
 * below 16 MiB even as base64 JSON on FerretDB and the memory of one upload stays near 2 MiB.
 */
export const CHUNK_SIZE = 1020 * 1024;
/** Chunks per insertMany: one batch in flight while the next fills. */
const CHUNKS_PER_WRITE = 1;

export interface PutOptions {
  readonly contentType: string;
  /** Who may read it (API scopes); empty: nobody through the API. */
  readonly readers: readonly string[];
  readonly holder?: ClaimHolder;
  /** Refuse (ClaimTooLargeError) as soon as more bytes arrive. */
  readonly maxBytes?: number;
  /** Lower-case hex; a mismatch refuses the content (ClaimDigestMismatchError). */
  readonly expectedSha256?: string;
  /** Check the first bytes against the declared content type (ClaimContentTypeMismatchError). */
  readonly checkContentType?: boolean;
  readonly now?: Date;
}

/**
 * Streams `source` into chunk documents while hashing it, then writes the claim document: the
 * claim exists only once all of it is stored and checked. A refusal or failure removes what was
 * written; an upload that dies half-way is registered in `claim_uploads` for the sweep to clear.
 */
export async function uploadClaim(collections: ClaimCollections, source: AsyncIterable<Uint8Array>, options: PutOptions): Promise<ClaimTicket> {
  const claimId = randomUUID();
  const startedAt = options.now ?? new Date();
  await collections.uploads.insertOne({ _id: claimId, startedAt });
  const chunks = new ChunkWriter(collections, claimId, async (head) => {
    if (options.checkContentType) await assertContentMatches(options.contentType, head);
  });
  const whole = createHash('sha256');
  let size = 0;
  try {
    for await (const piece of source) {
      size += piece.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) throw new ClaimTooLargeError(options.maxBytes);
      whole.update(piece);
      await chunks.add(piece);
    }
    await chunks.finish();
    const sha256 = whole.digest('hex');
    if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) throw new ClaimDigestMismatchError(options.expectedSha256, sha256);
    const doc: ClaimDocument = {
      _id: claimId,
      size,
      contentType: options.contentType.trim(),
      sha256,
      createdAt: startedAt,
      readers: [...options.readers],
      holder: options.holder ?? null,
      chunkSize: CHUNK_SIZE,
      chunkSha256: chunks.hashes,
    };
    await collections.claims.insertOne(doc);
    await collections.uploads.deleteOne({ _id: claimId });
    return { claimId, size, contentType: doc.contentType, sha256 };
  } catch (err) {
    await chunks.settle();
    await deleteChunks(collections.chunks, claimId, chunks.written);
    await collections.uploads.deleteOne({ _id: claimId });
    throw err;
  }
}

/** Cuts arbitrary pieces into fixed-size chunks and writes them a batch at a time. */
class ChunkWriter {
  readonly hashes: string[] = [];
  /** Chunks whose write was sent (a failed batch may have stored some of them). */
  written = 0;
  private current = Buffer.allocUnsafe(CHUNK_SIZE);
  private filled = 0;
  private batch: ChunkDocument[] = [];
  private inspected = false;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly collections: ClaimCollections,
    private readonly claimId: string,
    private readonly inspect: (head: Uint8Array) => Promise<void>,
  ) {}

  async add(piece: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < piece.length) {
      const n = Math.min(CHUNK_SIZE - this.filled, piece.length - offset);
      this.current.set(piece.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === CHUNK_SIZE) await this.cut();
    }
  }

  async finish(): Promise<void> {
    if (this.filled > 0 || this.hashes.length === 0) await this.cut();
    await this.flush();
    await this.inFlight;
  }

  /** Waits for a write still under way, whatever its outcome (before cleaning up). */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
  }

  private async cut(): Promise<void> {
    const data = Buffer.from(this.current.subarray(0, this.filled));
    if (!this.inspected) {
      this.inspected = true;
      await this.inspect(data.subarray(0, CONTENT_SNIFF_BYTES));
    }
    const n = this.hashes.length;
    this.hashes.push(createHash('sha256').update(data).digest('hex'));
    this.batch.push({ _id: chunkId(this.claimId, n), data: new Binary(data) });
    this.filled = 0;
    if (this.batch.length === CHUNKS_PER_WRITE) await this.flush();
  }

  /** One batch in flight while the next one fills: reading the source overlaps the write. */
  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    await this.inFlight;
    const docs = this.batch;
    this.batch = [];
    this.written += docs.length;
    this.inFlight = this.collections.chunks.insertMany(docs, { ordered: true });
  }
}
