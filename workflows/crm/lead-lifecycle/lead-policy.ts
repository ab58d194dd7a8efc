import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';

export interface LeadLifecyclePolicy {
  /** Continue as new after this many handled messages in one run (sooner when Temporal suggests it). */
  readonly continueAsNewAfter: number;
  /** Payment deadline of a submitted order that names none (the talk's lead 12: three days). */
  readonly paymentWindow: Duration;
}

export const DEFAULT_LEAD_POLICY: LeadLifecyclePolicy = { continueAsNewAfter: 200, paymentWindow: '3 days' };

export function paymentWindowMs(policy: LeadLifecyclePolicy = DEFAULT_LEAD_POLICY): number {
  return msToNumber(policy.paymentWindow);
}
