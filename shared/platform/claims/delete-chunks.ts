import type { Collection } from 'mongodb';
import { chunkId, type ChunkDocument } from './claim-documents';

/**
 * Deletes a claim's chunks one exact `_id` at a time (`$in` is a full scan on FerretDB), a few
 * in parallel. With `count` unknown (an upload that died), deletes until a chunk is missing:
 * chunks are written in order, so the stored ones are a prefix.
 */
export async function deleteChunks(chunks: Collection<ChunkDocument>, claimId: string, count?: number): Promise<number> {
  const PARALLEL = 8;
  let deleted = 0;
  for (let n = 0; count === undefined || n < count; n += PARALLEL) {
    const upTo = count === undefined ? n + PARALLEL : Math.min(n + PARALLEL, count);
    const results = await Promise.all(Array.from({ length: upTo - n }, (_, i) => chunks.deleteOne({ _id: chunkId(claimId, n + i) })));
    const batch = results.reduce((sum, r) => sum + r.deletedCount, 0);
    deleted += batch;
    if (count === undefined && batch < upTo - n) break;
  }
  return deleted;
}
