import type { Collection } from 'mongodb';
import { deleteByIds } from '../mongo/delete-by-ids';
import { chunkId, type ChunkDocument } from './claim-documents';

/** Chunk ids per delete (one command). */
const IDS_PER_DELETE = 256;

/**
 * Deletes a claim's chunks, a list of exact `_id`s per command. With `count` unknown (an upload
 * that died), deletes until a command finds chunks missing: chunks are written in order, so the
 * stored ones are a prefix.
 */
export async function deleteChunks(chunks: Collection<ChunkDocument>, claimId: string, count?: number): Promise<number> {
  let deleted = 0;
  for (let n = 0; count === undefined || n < count; n += IDS_PER_DELETE) {
    const upTo = count === undefined ? n + IDS_PER_DELETE : Math.min(n + IDS_PER_DELETE, count);
    const ids = Array.from({ length: upTo - n }, (_, i) => chunkId(claimId, n + i));
    const batch = await deleteByIds(chunks, ids);
    deleted += batch;
    if (count === undefined && batch < ids.length) break;
  }
  return deleted;
}
