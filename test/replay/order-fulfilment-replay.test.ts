import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { COMPENSATIONS_FIRST } from '../../workflows/ordering/order-fulfilment/order-saga';
import { recordedHistories, replay, type RecordedHistory } from './replay-histories';

const SCENARIOS = [
  'cancelled-before-dispatch', 'cancelled-by-lead', 'cancelled-by-signal', 'cancelled-during-review', 'capture-declined', 'card-declined',
  'compensation-failed-then-retried', 'dispatch-refused', 'happy-path', 'out-of-stock', 'review-approved', 'review-timed-out',
  'shipment-not-schedulable', 'temporal-cancel-during-activity', 'temporal-cancel-during-review', 'temporal-cancel-in-dispatch-window',
];

/** Recorded before patched('compensations-registered-before-steps'): compensations registered after their step. */
const BEFORE_THE_PATCH = ['cancelled-before-dispatch', 'card-declined', 'happy-path', 'out-of-stock', 'review-approved', 'review-timed-out', 'shipment-not-schedulable'];

const scenarioOf = (h: RecordedHistory) => h.workflowId.split('/').at(-1);

/** Whether the history recorded the patch marker of `patchId`. */
function hasPatchMarker(history: RecordedHistory, patchId: string): boolean {
  const events = (history.history as { events: { markerRecordedEventAttributes?: { details?: { 'patch-data'?: { payloads?: { data?: string }[] } } } }[] }).events;
  return events.some((e) => (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).some((p) => Buffer.from(p.data ?? '', 'base64').toString().includes(patchId)));
}

describe('order fulfilment saga: recorded histories replay against the current workflow code', () => {
  const histories = recordedHistories('order-fulfilment');
  const beforeThePatch = recordedHistories('order-fulfilment/before-compensations-first');

  it('has a recorded history for every path', () => {
    expect(histories.map(scenarioOf).sort()).toEqual([...SCENARIOS].sort());
  });

  it('replays every recorded history without a determinism violation', async () => {
    const results = await replay(histories);
    expect(results).toHaveLength(SCENARIOS.length);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error }).toEqual({ workflowId: r.workflowId, error: undefined });
  });

  it('still replays the histories recorded before the patched() change, through its old path', async () => {
    expect(beforeThePatch.map(scenarioOf).sort()).toEqual(BEFORE_THE_PATCH);
    for (const h of beforeThePatch) expect(hasPatchMarker(h, COMPENSATIONS_FIRST), `${h.workflowId} predates the patch`).toBe(false);
    for (const h of histories) expect(hasPatchMarker(h, COMPENSATIONS_FIRST), `${h.workflowId} was recorded with the patch`).toBe(true);
    const results = await replay(beforeThePatch);
    expect(results).toHaveLength(BEFORE_THE_PATCH.length);
    for (const r of results) expect({ workflowId: r.workflowId, error: r.error }).toEqual({ workflowId: r.workflowId, error: undefined });
  });

  it('fails when the workflow changes incompatibly (the guard works)', async () => {
    const changed = fileURLToPath(new URL('./fixtures/changed-order-fulfilment-workflow.ts', import.meta.url));
    const [result] = await replay(histories.filter((h) => h.workflowId.endsWith('/happy-path')), { workflowsPath: changed });
    expect(result?.error).toBeInstanceOf(DeterminismViolationError);
  });

  it('needs the old path: a run recorded before the patch scheduled other compensations than the current code does', () => {
    const activities = (h: RecordedHistory | undefined) =>
      ((h?.history as { events: { activityTaskScheduledEventAttributes?: { activityType: { name: string } } }[] }).events)
        .flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType.name] : []));
    const declinedBefore = activities(beforeThePatch.find((h) => scenarioOf(h) === 'card-declined'));
    const declinedNow = activities(histories.find((h) => scenarioOf(h) === 'card-declined'));
    expect(declinedBefore).toEqual(['placeOrder', 'reserveStock', 'authorizePayment', 'releaseStock', 'rejectOrder']);
    expect(declinedNow).toEqual(['placeOrder', 'reserveStock', 'authorizePayment', 'voidPayment', 'releaseStock', 'rejectOrder']);
  });
});
