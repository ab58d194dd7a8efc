import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../../shared/platform/event-store/global-order';

describe('readAll checkpoint', () => {
  it('round-trips, including stream ids with dots and colons', () => {
    const checkpoint = { committedAt: new Date(1_767_225_600_123), commitId: 'stock:SKU.1@12', taken: 3 };
    expect(decodeCheckpoint(encodeCheckpoint(checkpoint))).toEqual(checkpoint);
  });

  it.each(['', 'abc', '1|x', '1|x@0|-1', 'x|a@0|1', '1|a@0|1|2'])('refuses %j', (text) => {
    expect(() => decodeCheckpoint(text)).toThrow(TypeError);
  });
});
