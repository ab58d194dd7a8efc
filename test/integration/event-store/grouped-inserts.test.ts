import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { GroupedInserts } from '../../../shared/platform/mongo/grouped-inserts';
import { useTestDatabase } from '../../support/mongo';

const { db, uri } = await useTestDatabase('es_group');
const monitored = new MongoClient(uri, { monitorCommands: true });
await monitored.connect();
afterAll(() => monitored.close());

interface Doc {
  _id: string;
  n: number;
}

function insertCommands(collection: string): () => number[] {
  const sizes: number[] = [];
  monitored.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.commandName === 'insert' && e.command.insert === collection) sizes.push((e.command.documents as unknown[]).length);
  });
  return () => sizes;
}

describe('grouped inserts (group commit)', () => {
  it('sends a lone insert at once, alone', async () => {
    const sizes = insertCommands('lone');
    const inserts = new GroupedInserts(monitored.db(db.databaseName).collection<Doc>('lone'));
    expect(await inserts.insert({ _id: 'a', n: 1 })).toBe('inserted');
    expect(await inserts.insert({ _id: 'b', n: 2 })).toBe('inserted');
    expect(sizes()).toEqual([1, 1]);
  });

  it('lets concurrent inserts share a round trip, each learning its own outcome', async () => {
    const collection = monitored.db(db.databaseName).collection<Doc>('shared');
    await collection.insertOne({ _id: 'taken', n: 0 });
    const sizes = insertCommands('shared');
    const inserts = new GroupedInserts(collection, 128, 1);
    const ids = ['x0', 'x1', 'taken', 'x2', 'x1', 'x3', 'x4', 'x5'];
    const outcomes = await Promise.all(ids.map((id, n) => inserts.insert({ _id: id, n })));
    expect(outcomes).toEqual(['inserted', 'inserted', 'duplicate', 'inserted', 'duplicate', 'inserted', 'inserted', 'inserted']);
    // One batch in flight at a time: the first goes alone; the rest, queued meanwhile, leave together.
    expect(sizes()).toEqual([1, 7]);
    const stored = await collection.find({}).sort({ _id: 1 }).toArray();
    expect(stored).toEqual([
      { _id: 'taken', n: 0 },
      { _id: 'x0', n: 0 },
      { _id: 'x1', n: 1 },
      { _id: 'x2', n: 3 },
      { _id: 'x3', n: 5 },
      { _id: 'x4', n: 6 },
      { _id: 'x5', n: 7 },
    ]);
  });

  it('fails only the document the server refused for another reason', async () => {
    const collection = db.collection<{ _id: string | string[]; n: number }>('refused');
    const inserts = new GroupedInserts(collection);
    const results = await Promise.allSettled([
      inserts.insert({ _id: 'first', n: 1 }),
      inserts.insert({ _id: 'ok', n: 2 }),
      // Both MongoDB and FerretDB refuse an array as `_id`, for that document only.
      inserts.insert({ _id: ['an', 'array'], n: 3 }),
      inserts.insert({ _id: 'also-ok', n: 4 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(results[2]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/_id/) as unknown } });
    expect((await collection.find({}).toArray()).map((d) => d._id).sort()).toEqual(['also-ok', 'first', 'ok']);
  });
});
