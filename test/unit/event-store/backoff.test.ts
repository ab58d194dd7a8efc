import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../../../shared/platform/lib/backoff';

const policy = { baseMs: 100, maxMs: 1_000 };

describe('exponential backoff with full jitter', () => {
  it('draws from [0, base * 2^(attempt-1)) capped at max', () => {
    expect(fullJitterDelay(1, policy, () => 0.999)).toBe(99);
    expect(fullJitterDelay(2, policy, () => 0.999)).toBe(199);
    expect(fullJitterDelay(4, policy, () => 0.999)).toBe(799);
    expect(fullJitterDelay(5, policy, () => 0.999)).toBe(999);
    expect(fullJitterDelay(60, policy, () => 0.999)).toBe(999);
  });

  it('can be zero (full jitter, not equal jitter)', () => {
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
  });

  it('spreads delays over the whole range', () => {
    const delays = Array.from({ length: 2_000 }, () => fullJitterDelay(3, policy));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(400);
    expect(new Set(delays.map((d) => Math.floor(d / 100))).size).toBe(4);
  });
});
