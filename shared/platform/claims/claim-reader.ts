import { createHash } from 'node:crypto';
import { chunkId, type ClaimCollections, type ClaimDocument } from './claim-documents';
import { ClaimCorruptedError } from './claim-errors';

/**
 * A claim's content, chunk by chunk, each checked against its SHA-256 before it is yielded; the
 * whole content's SHA-256 and size are checked before the last chunk. Corrupted or missing
 * content ends in ClaimCorruptedError, never in wrong bytes. The next chunk is fetched while
 * the current one is consumed.
 */
export async function* readClaimChunks(collections: ClaimCollections, claim: ClaimDocument): AsyncGenerator<Buffer> {
  const whole = createHash('sha256');
  const count = claim.chunkSha256.length;
  const fetch = (n: number) => collections.chunks.findOne({ _id: chunkId(claim._id, n) });
  let next = count > 0 ? fetch(0) : undefined;
  let size = 0;
  for (let n = 0; n < count; n++) {
    const doc = await next;
    next = n + 1 < count ? fetch(n + 1) : undefined;
    if (!doc) throw new ClaimCorruptedError(claim._id, `chunk ${n} is missing`);
    const bytes = doc.data.value();
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (createHash('sha256').update(data).digest('hex') !== claim.chunkSha256[n]) {
      throw new ClaimCorruptedError(claim._id, `chunk ${n} does not match its SHA-256`);
    }
    whole.update(data);
    size += data.length;
    if (n === count - 1) {
      if (size !== claim.size) throw new ClaimCorruptedError(claim._id, `${size} bytes stored, ${claim.size} expected`);
      if (whole.digest('hex') !== claim.sha256) throw new ClaimCorruptedError(claim._id, 'the content does not match its SHA-256');
    }
    yield data;
  }
}
