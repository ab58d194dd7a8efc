import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { recordedHistories, replay } from './replay-histories';

const SCENARIOS = ['continued-as-new', 'deadline-cancels-order-saga', 'followup-due-then-closed', 'journey-converted', 'order-saga-child-converted', 'payment-deadline-passed'];

describe('lead lifecycle process manager: recorded histories replay against the current workflow code', () => {
  const histories = recordedHistories('lead-lifecycle');

  it('has a recorded history for every path', () => {
    expect(histories.map((h) => h.workflowId.split('/')[1]).sort()).toEqual(SCENARIOS);
  });

  it('replays every recorded history without a determinism violation', async () => {
    const results = await replay(histories);
    expect(results).toHaveLength(SCENARIOS.length);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error }).toEqual({ workflowId: r.workflowId, error: undefined });
  });

  it('fails when the workflow changes incompatibly (the guard works)', async () => {
    const changed = fileURLToPath(new URL('./fixtures/changed-lead-lifecycle-workflow.ts', import.meta.url));
    const [result] = await replay(histories.filter((h) => h.workflowId.endsWith('/journey-converted')), { workflowsPath: changed });
    expect(result?.error).toBeInstanceOf(DeterminismViolationError);
  });
});
