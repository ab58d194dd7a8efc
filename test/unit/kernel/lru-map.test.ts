import { describe, expect, it } from 'vitest';
import { LruMap } from '../../../shared/platform/lib/lru-map';

describe('LruMap', () => {
  it('drops the least recently set entry beyond its capacity', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect(map.get('b')).toBeUndefined();
    expect(map.get('a')).toBe(3);
    expect(map.get('c')).toBe(4);
  });
});
