import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { estimatedCount } from '../../../shared/platform/mongo/estimated-count';
import { useTestDatabase } from '../../support/mongo';

const { db, uri } = await useTestDatabase('es_count');
const monitored = new MongoClient(uri, { monitorCommands: true });
await monitored.connect();
afterAll(() => monitored.close());

describe('estimated count (progress of a rebuild)', () => {
  it('counts from the collection statistics, without the count command that reads every document on FerretDB, unless they do not know', async () => {
    const collection = monitored.db(db.databaseName).collection<{ _id: string }>('counted');
    await collection.insertMany(Array.from({ length: 1_234 }, (_, i) => ({ _id: `c${i}` })));
    const [stats] = await collection.aggregate<{ count: number }>([{ $collStats: { count: {} } }]).toArray();
    const commands: string[] = [];
    const listener = (e: CommandStartedEvent) => commands.push(e.commandName);
    monitored.on('commandStarted', listener);
    try {
      expect(await estimatedCount(collection)).toBe(1_234);
    } finally {
      monitored.off('commandStarted', listener);
    }
    // FerretDB on SQLite and MongoDB know at once; on PostgreSQL a table not analyzed yet says -1
    expect(commands).toEqual((stats?.count ?? -1) >= 0 ? ['aggregate'] : ['aggregate', 'count']);
  });

  it('says 0 for a collection that does not exist yet', async () => {
    expect(await estimatedCount(db.collection('never-written'))).toBe(0);
  });
});
