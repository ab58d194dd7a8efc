import { allHandlersFinished, condition, continueAsNew } from '@temporalio/workflow';
import type { LeadLifecycleInput, LeadProcessState } from './lead-lifecycle-contract';
import { LeadHandlers } from './lead-handlers';
import { LeadProcess } from './lead-process';
import { describeTimer, nextTimer, type LeadTimer } from './process-state';

/**
 * The process manager of one sales lead (the talk's "Modeling Time" flow), workflow id
 * `lead-<id>`. It lives as long as the lead is open: REST updates (validated against the
 * current state with the pure Lead decider, so a refused transition is answered at once) and
 * fire-and-forget signals drive it; durable timers record `followup-due` when a follow-up date
 * arrives and fail the payment when its deadline passes (cancelling a running order saga first);
 * an order submitted with order lines runs as the order fulfilment saga (a child workflow) whose
 * outcome confirms or fails the payment. Every change is appended by an activity to the lead's
 * event stream. Continue-as-new keeps the history bounded. Ends when the lead is CONVERTED or CLOSED.
 */
export async function leadLifecycle(input: LeadLifecycleInput): Promise<LeadProcessState> {
  const lead = new LeadProcess(input);
  new LeadHandlers(lead).register();
  if (!input.carried) await lead.lock.run(() => lead.initialize());

  while (lead.isOpen) {
    if (lead.continueAsNewDue()) {
      await condition(() => lead.lock.idle && allHandlersFinished());
      if (lead.continueAsNewDue()) return continueAsNew<typeof leadLifecycle>(lead.nextRun());
      continue;
    }
    const timer = nextTimer(lead.state);
    const seen = lead.revision;
    const woken = await waitUntil(() => lead.revision !== seen || lead.orderOutcome !== null || lead.continueAsNewDue(), timer);
    if (lead.orderOutcome !== null) {
      const outcome = lead.orderOutcome;
      lead.orderOutcome = null;
      await lead.lock.run(() => lead.settleOrder(outcome));
    } else if (!woken && timer) {
      await lead.lock.run(() => lead.fire(timer));
    }
  }
  await condition(allHandlersFinished);
  lead.publish();
  return lead.state;
}

/** Waits for `done`, or until the timer's time; true if `done` came first. */
async function waitUntil(done: () => boolean, timer: LeadTimer | null): Promise<boolean> {
  if (!timer) {
    await condition(done);
    return true;
  }
  const ms = Date.parse(timer.at) - Date.now();
  if (ms <= 0) return done();
  return condition(done, ms, { summary: describeTimer(timer) });
}
