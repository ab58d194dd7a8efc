import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { recordedHistories, replay } from './replay-histories';

// Recorded by `npm run record:histories -- returns`: the participants start these workflows from a return asked over REST.
const SCENARIOS: Record<string, string[]> = {
  'return-parcel': ['carrier-scan', 'operator-booked'],
  'return-refund': ['refund-refused-store-credit', 'refunded'],
};

describe.each(Object.entries(SCENARIOS))('%s (returns choreography): recorded histories replay against the current workflow code', (workflow, scenarios) => {
  const histories = recordedHistories(workflow);

  it('has a recorded history for every path', () => {
    expect(histories.map((h) => h.workflowId.split('/')[1]).sort()).toEqual(scenarios);
  });

  it('replays every recorded history without a determinism violation', async () => {
    const results = await replay(histories);
    expect(results).toHaveLength(scenarios.length);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error }).toEqual({ workflowId: r.workflowId, error: undefined });
  });

  it('fails when the workflow changes incompatibly (the guard works)', async () => {
    const changed = fileURLToPath(new URL('./fixtures/changed-return-workflows.ts', import.meta.url));
    const [result] = await replay(histories.slice(0, 1), { workflowsPath: changed });
    expect(result?.error).toBeInstanceOf(DeterminismViolationError);
  });
});
