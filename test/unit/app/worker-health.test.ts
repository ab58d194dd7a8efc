import { describe, expect, it } from 'vitest';
import { DatabaseHealth } from '../../../shared/app/worker-health';

describe("a worker's database health", () => {
  it('is up while the ping answers, down while it fails, broken (once) when it fails for longer than allowed, and up again when it answers', async () => {
    let answering = true;
    let brokenCalls = 0;
    const health = new DatabaseHealth(async () => { if (!answering) throw new Error('connection refused'); }, {
      unhealthyAfterMs: 60,
      onUnhealthy: () => { brokenCalls += 1; },
    });
    expect((await health.probe()).status).toBe('up');
    answering = false;
    expect(await health.probe()).toMatchObject({ status: 'down', error: 'connection refused' });
    await new Promise((r) => setTimeout(r, 80));
    expect((await health.probe()).status).toBe('broken');
    expect((await health.probe()).status).toBe('broken');
    expect(brokenCalls).toBe(1);
    answering = true;
    expect((await health.probe()).status).toBe('up');
  });

  it('counts a ping that never answers as a failure', async () => {
    const health = new DatabaseHealth(() => new Promise(() => undefined), { unhealthyAfterMs: 1_000, onUnhealthy: () => undefined, probeTimeoutMs: 20 });
    expect(await health.probe()).toMatchObject({ status: 'down', error: 'no answer within 20 ms' });
  });
});
