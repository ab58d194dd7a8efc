import { MongoClient } from 'mongodb';

/**
 * Short server-selection timeout so that a MongoDB outage surfaces as a clear error
 * (and a 503 on /health) instead of a 30 s hang. The driver connects on first use and
 * reconnects by itself when the server returns.
 */
export function createMongoClient(uri: string): MongoClient {
  return new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000, appName: 'saga-platform' });
}

/** For processes that cannot do anything useful without MongoDB: fail at start if it is unreachable. */
export async function connectMongo(uri: string): Promise<MongoClient> {
  const client = createMongoClient(uri);
  await client.connect();
  return client;
}
