import { proxyActivities } from '@temporalio/workflow';
import type { NoopActivities } from './noop-activity';

const { noop } = proxyActivities<NoopActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/**
 * The engine's ceiling: a workflow that runs `activityCount` no-op activities one after the
 * other, with the same activity options as the order saga's forward steps, and nothing else.
 */
export async function noopChain(activityCount: number): Promise<number> {
  for (let i = 0; i < activityCount; i++) await noop();
  return activityCount;
}
