import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { recordedHistories, replay } from './replay-histories';

const SCENARIOS = [
  'card-declined', 'cancelled-before-dispatch', 'happy-path', 'out-of-stock', 'review-approved', 'review-timed-out', 'shipment-not-schedulable',
];

describe('order fulfilment saga: recorded histories replay against the current workflow code', () => {
  const histories = recordedHistories('order-fulfilment');

  it('has a recorded history for every path', () => {
    expect(histories.map((h) => h.workflowId.split('/')[1]).sort()).toEqual([...SCENARIOS].sort());
  });

  it('replays every recorded history without a determinism violation', async () => {
    const results = await replay(histories);
    expect(results).toHaveLength(SCENARIOS.length);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error }).toEqual({ workflowId: r.workflowId, error: undefined });
  });

  it('fails when the workflow changes incompatibly (the guard works)', async () => {
    const changed = fileURLToPath(new URL('./fixtures/changed-order-fulfilment-workflow.ts', import.meta.url));
    const [result] = await replay(histories.filter((h) => h.workflowId.endsWith('/happy-path')), { workflowsPath: changed });
    expect(result?.error).toBeInstanceOf(DeterminismViolationError);
  });
});
