import { createHash } from 'node:crypto';
import { chunkId, type ClaimCollections, type ClaimDocument } from './claim-documents';
import { ClaimCorruptedError } from './claim-errors';

const READ_AHEAD = 2;

/**
 * A claim's content, chunk by chunk, each checked against its SHA-256 before it is yielded; the
 * whole content's SHA-256 and size are checked before the last chunk. Corrupted or missing
 * content ends in ClaimCorruptedError, never in wrong bytes.
 */
export async function* readClaimChunks(collections: ClaimCollections, claim: ClaimDocument): AsyncGenerator<Buffer> {
  const whole = createHash('sha256');
  const count = claim.chunkSha256.length;
  const fetch = (n: number) => {
    const pending = collections.chunks.findOne({ _id: chunkId(claim._id, n) });
    pending.catch(() => undefined); // awaited in turn; a read the caller abandons must not become an unhandled rejection
    return pending;
  };
  // The next chunks are requested ahead: exact-_id reads one at a time would leave the server idle between them.
  const ahead: ReturnType<typeof fetch>[] = [];
  for (let n = 0; n < Math.min(READ_AHEAD, count); n++) ahead.push(fetch(n));
  let size = 0;
  for (let n = 0; n < count; n++) {
    const doc = await ahead.shift();
    if (n + READ_AHEAD < count) ahead.push(fetch(n + READ_AHEAD));
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
