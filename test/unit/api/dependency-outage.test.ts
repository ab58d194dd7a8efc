import { MongoBulkWriteError, MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { dependencyOutage } from '../../../api/http/dependency-outage';

describe('which dependency an error says is down', () => {
  it('finds MongoDB behind causes and behind a bulk write that lost its connection', () => {
    const refused = new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017');
    expect(dependencyOutage(refused)).toBe('MongoDB');
    expect(dependencyOutage(new Error('append failed', { cause: refused }))).toBe('MongoDB');
    const bulk = new MongoBulkWriteError(refused as unknown as ConstructorParameters<typeof MongoBulkWriteError>[0], {
      insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, insertedIds: {}, upsertedIds: {},
    } as unknown as ConstructorParameters<typeof MongoBulkWriteError>[1]);
    expect(dependencyOutage(new Error('group commit failed', { cause: bulk }))).toBe('MongoDB');
    expect(dependencyOutage(new MongoServerSelectionError('no server', { type: 'Unknown', servers: new Map(), stale: false, compatible: true, heartbeatFrequencyMS: 0, localThresholdMS: 0, setName: null, maxElectionId: null, maxSetVersion: null, commonWireVersion: 0, logicalSessionTimeoutMinutes: null } as unknown as ConstructorParameters<typeof MongoServerSelectionError>[1]))).toBe('MongoDB');
  });

  it('leaves other errors alone', () => {
    expect(dependencyOutage(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).toBeUndefined();
    expect(dependencyOutage(new Error('boom'))).toBeUndefined();
    expect(dependencyOutage('not an error')).toBeUndefined();
  });
});
