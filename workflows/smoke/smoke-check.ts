import { proxyActivities } from '@temporalio/workflow';
import type { SmokeActivities, SmokeCheckInput } from '../../activities/smoke/record-smoke-check';

const { recordSmokeCheck } = proxyActivities<SmokeActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 ms', maximumAttempts: 10 },
});

/** Proves the wiring end to end: API -> Temporal -> worker -> activity -> MongoDB. */
export async function smokeCheck(input: SmokeCheckInput): Promise<{ documentId: string }> {
  const documentId = await recordSmokeCheck(input);
  return { documentId };
}
