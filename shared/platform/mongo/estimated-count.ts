import { MongoServerError, type Collection, type Document } from 'mongodb';

/**
 * How many documents a collection holds, from its storage statistics (`$collStats: {count}`):
 * milliseconds on MongoDB and on FerretDB, where `estimatedDocumentCount` (the `count` command)
 * reads and decodes every document (20 s for 100,000 commits on FerretDB 1.24 / PostgreSQL).
 * Falls back to `estimatedDocumentCount` where the stage is refused (e.g. no such collection yet)
 * or does not know: FerretDB on PostgreSQL reports -1 for a table PostgreSQL has not analyzed yet.
 */
export async function estimatedCount<T extends Document>(collection: Collection<T>): Promise<number> {
  try {
    const [stats] = await collection.aggregate<{ count?: unknown }>([{ $collStats: { count: {} } }]).toArray();
    if (typeof stats?.count === 'number' && stats.count >= 0) return stats.count;
  } catch (err) {
    if (!(err instanceof MongoServerError)) throw err;
  }
  return collection.estimatedDocumentCount();
}
