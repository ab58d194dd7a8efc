import { afterEach, describe, expect, it, vi } from 'vitest';
import { LagSampler, type LagSample } from '../../../api/console/lag-sampler';

afterEach(() => { vi.useRealTimers(); });

describe('lag sampler', () => {
  it('samples on the first request, then every interval while asked, and stops when nobody asks', async () => {
    vi.useFakeTimers({ now: 0 });
    let measured = 0;
    const measure = async (): Promise<LagSample> => ({ at: new Date(Date.now()), backlogStreams: 0, oldestPendingSeconds: null, views: { v: measured++ } });
    const sampler = new LagSampler(measure, { intervalMs: 5_000, keepMs: 60_000, idleMs: 20_000 });
    expect(sampler.running).toBe(false);

    expect((await sampler.recent(60_000)).map((s) => s.views.v)).toEqual([0]);
    expect(sampler.running).toBe(true);
    // A request within the interval takes no new sample.
    expect((await sampler.recent(60_000)).length).toBe(1);

    await vi.advanceTimersByTimeAsync(15_000);
    expect((await sampler.recent(60_000)).map((s) => s.views.v)).toEqual([0, 1, 2, 3]);
    expect((await sampler.recent(6_000)).map((s) => s.views.v)).toEqual([2, 3]);

    await vi.advanceTimersByTimeAsync(30_000);
    expect(sampler.running).toBe(false);
    const taken = measured;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(measured).toBe(taken);

    // Samples older than keepMs are dropped once the next one comes.
    const again = await sampler.recent(600_000);
    expect(again.every((s) => s.at.getTime() >= Date.now() - 60_000)).toBe(true);
    sampler.stop();
  });

  it('leaves a gap, not an error, when a background sample fails', async () => {
    vi.useFakeTimers({ now: 0 });
    let fail = false;
    const sampler = new LagSampler(async () => {
      if (fail) throw new Error('database down');
      return { at: new Date(Date.now()), backlogStreams: 1, oldestPendingSeconds: 2, views: {} };
    }, { intervalMs: 1_000, keepMs: 60_000, idleMs: 60_000 });
    await sampler.recent(60_000);
    fail = true;
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(sampler.recent(60_000)).rejects.toThrow('database down');
    fail = false;
    expect((await sampler.recent(60_000)).length).toBe(2);
    sampler.stop();
  });
});
