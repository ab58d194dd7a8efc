import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll } from 'vitest';

/**
 * A database of its own for one test file, on the MongoDB-wire server the global setup
 * started (or the one MONGODB_URI names). Dropped after the file's tests.
 */
export async function useTestDatabase(prefix = 't'): Promise<{ client: MongoClient; db: Db; uri: string }> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run the tests through vitest (global setup starts FerretDB)');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const db = client.db(`${prefix}_${randomUUID().slice(0, 8)}`);
  afterAll(async () => {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  });
  return { client, db, uri };
}
