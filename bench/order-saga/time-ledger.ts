import { performance } from 'node:perf_hooks';
import { Context } from '@temporalio/activity';

/** Where a slice of a workflow's time went, as seen from inside the worker. */
export type Component = 'activity' | 'event-store' | 'provider';

interface CallTotal {
  count: number;
  ms: number;
}

export interface CallStats {
  readonly name: string;
  readonly component: Component;
  /** Calls per workflow, averaged over the workflows asked about. */
  readonly callsPerWorkflow: number;
  readonly meanMs: number;
  /** Milliseconds per workflow spent in this call. */
  readonly msPerWorkflow: number;
}

/**
 * Time spent in activities and in the event store and provider calls they make, per workflow
 * id (taken from the activity context), so a saga's end-to-end latency can be split into
 * "work inside activities" and "everything else" (REST, Temporal scheduling, history writes).
 */
export class TimeLedger {
  private readonly byWorkflow = new Map<string, Map<string, CallTotal & { component: Component }>>();

  record(workflowId: string, component: Component, name: string, ms: number): void {
    let calls = this.byWorkflow.get(workflowId);
    if (!calls) this.byWorkflow.set(workflowId, (calls = new Map()));
    const total = calls.get(name) ?? { component, count: 0, ms: 0 };
    total.count += 1;
    total.ms += ms;
    calls.set(name, total);
  }

  /** Mean milliseconds per workflow spent in `component`, over `workflowIds`. */
  meanPerWorkflow(workflowIds: readonly string[], component: Component): number {
    if (workflowIds.length === 0) return Number.NaN;
    let ms = 0;
    for (const id of workflowIds) for (const call of this.byWorkflow.get(id)?.values() ?? []) if (call.component === component) ms += call.ms;
    return ms / workflowIds.length;
  }

  calls(workflowIds: readonly string[]): CallStats[] {
    const totals = new Map<string, CallTotal & { component: Component }>();
    for (const id of workflowIds) {
      for (const [name, call] of this.byWorkflow.get(id) ?? []) {
        const t = totals.get(name) ?? { component: call.component, count: 0, ms: 0 };
        t.count += call.count;
        t.ms += call.ms;
        totals.set(name, t);
      }
    }
    const n = Math.max(1, workflowIds.length);
    return [...totals]
      .map(([name, t]) => ({ name, component: t.component, callsPerWorkflow: t.count / n, meanMs: t.ms / t.count, msPerWorkflow: t.ms / n }))
      .sort((a, b) => b.msPerWorkflow - a.msPerWorkflow);
  }
}

function currentWorkflowId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined; // not inside an activity (e.g. the API's own calls)
  }
}

function timed(ledger: TimeLedger, component: Component, name: string, fn: (...args: unknown[]) => unknown, self: unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    const workflowId = currentWorkflowId();
    const start = performance.now();
    const done = () => { if (workflowId) ledger.record(workflowId, component, name, performance.now() - start); };
    const result = fn.apply(self, args);
    if (result instanceof Promise) return result.finally(done);
    done();
    return result;
  };
}

/** The same activities, each timed against the workflow that scheduled it. */
export function timeActivities<T extends object>(activities: T, ledger: TimeLedger): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = typeof fn === 'function' ? timed(ledger, 'activity', name, fn as (...args: unknown[]) => unknown, activities) : fn;
  }
  return wrapped as T;
}

/**
 * A proxy timing every method call on `target` (called on the target itself, so calls the
 * object makes to its own methods are not counted twice).
 */
export function timeMethods<T extends object>(target: T, component: Component, label: string, ledger: TimeLedger): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return timed(ledger, component, `${label}.${prop}`, value as (...args: unknown[]) => unknown, obj);
    },
  });
}
