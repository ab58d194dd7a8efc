import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { finishSignal } from '../../workflows/smoke/payload-round-trip';
import type { ApiHarness } from '../../test/support/api-harness';

export interface WorkflowSample {
  readonly inputBytes: number;
  readonly ms: number;
  readonly historyBytes: number;
}

/** One payloadRoundTrip run: start with `inputBytes`, signal finish, await the (same-size) result. */
export async function workflowRound(api: ApiHarness, inputBytes: number): Promise<WorkflowSample> {
  const { client } = api.deps.temporal;
  const input = randomBytes(Math.ceil(inputBytes * 0.75)).toString('base64').slice(0, inputBytes);
  const started = performance.now();
  const handle = await client.workflow.start('payloadRoundTrip', { taskQueue: api.config.temporal.taskQueue, workflowId: `bench-${randomUUID()}`, args: [input] });
  await handle.signal(finishSignal);
  const result = await handle.result();
  const ms = performance.now() - started;
  if (result !== input) throw new Error('the workflow result differs from its input');
  const historyBytes = historyToJSON(await handle.fetchHistory()).length;
  return { inputBytes, ms, historyBytes };
}
