import { MongoBulkWriteError, MongoNetworkError, MongoServerError, type BulkWriteResult } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isInfrastructureUnavailable } from '../../../activities/kernel/infrastructure-failures';

describe('isInfrastructureUnavailable', () => {
  it('a network failure, bare or as the cause of another error, is the database being unavailable', () => {
    expect(isInfrastructureUnavailable(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).toBe(true);
    expect(isInfrastructureUnavailable(new Error('append failed', { cause: new MongoNetworkError('connection 3 closed') }))).toBe(true);
  });

  it('an insertMany whose connection pool was cleared (the network error is the bulk error response) is the database being unavailable', () => {
    const poolCleared = new MongoNetworkError('Connection pool for 127.0.0.1:27017 was cleared because another operation failed with: "connect ECONNREFUSED"');
    const bulk = new MongoBulkWriteError(poolCleared, {} as BulkWriteResult);
    expect(bulk.errorResponse).toBe(poolCleared);
    expect(isInfrastructureUnavailable(bulk)).toBe(true);
  });

  it('a refusal by a server that answers (a duplicate key, a bad request) and a plain error are not', () => {
    expect(isInfrastructureUnavailable(new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 }))).toBe(false);
    expect(isInfrastructureUnavailable(new MongoServerError({ message: 'unknown operator: $foo', code: 2 }))).toBe(false);
    expect(isInfrastructureUnavailable(new Error('card declined'))).toBe(false);
    expect(isInfrastructureUnavailable('not an error')).toBe(false);
  });
});
