import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../shared/platform/event-store/event-envelope';
import { StreamHistory } from '../../../shared/platform/messaging/stream-history';

const event = (version: number): EventEnvelope => ({
  type: 'thing-happened', eventId: `e-${version}`, correlationId: 'c', causationId: 'c', streamId: 's-1', version, timestamp: new Date(0), schemaVersion: 1, payload: {},
});

describe('stream history for translation', () => {
  it('reads only the commits after what it already knows, and answers up to the version asked', async () => {
    const stored = [event(1), event(2)];
    const reads: number[] = [];
    const history = new StreamHistory({ readStreamAfterBoundary: async (_s, after) => { reads.push(after); return stored.filter((e) => e.version > after); } });
    expect((await history.upTo('s-1', 1)).map((e) => e.version)).toEqual([1]);
    expect((await history.upTo('s-1', 2)).map((e) => e.version)).toEqual([1, 2]);
    stored.push(event(3), event(4));
    expect((await history.upTo('s-1', 3)).map((e) => e.version)).toEqual([1, 2, 3]);
    expect((await history.upTo('s-1', 4)).map((e) => e.version)).toEqual([1, 2, 3, 4]);
    expect(reads).toEqual([0, 2]);
  });
});
