import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context, type Info as ActivityInfo } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey as TypedKey } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { expect } from 'vitest';
import { createTimeSkippingEnvironment } from './time-skipping';

/**
 * Given-when-then for workflows, Temporal's recommended style: the real workflow code on the
 * time-skipping test server, with stand-in activities.
 *
 *   await kit.given({ authorizePayment: refuse('card-declined') })
 *     .when(start, atState((s) => s.status === 'AWAITING_DISPATCH', (run) => run.handle.cancel()))
 *     .then({ state: { status: 'CANCELLED' }, searchAttributes: [[SagaStatusAttribute, 'CANCELLED']], calls: ['placeOrder', ...] });
 *
 * Given: how activities behave (defaults for the rest). When: how the run starts, then what
 * happens at which point (messages, a Temporal cancel, an operator fixing a cause). Then: the
 * result's state, the search attributes and the activity calls, in order (first attempts).
 */

/** What a stand-in knows about the call it answers. */
export interface StandInCall {
  readonly activity: string;
  readonly workflowId: string;
  readonly input: unknown;
  readonly attempt: number;
  readonly info: ActivityInfo;
  /** The calls of this scenario so far (this one included). */
  readonly history: readonly ActivityCall[];
  /** Marks this call as having acted (its effect exists) even if it then fails, like a lost answer. */
  acted(): void;
}

export type Behaviour = (call: StandInCall) => unknown;
export type Behaviours = Readonly<Record<string, Behaviour>>;

export interface ActivityCall {
  readonly activity: string;
  readonly workflowId: string;
  readonly input: unknown;
  readonly attempt: number;
  /** Returned, or failed after acting. */
  acted: boolean;
  outcome: 'running' | 'returned' | 'failed';
}

/** Answers with a value (or nothing). */
export const ok = (value?: unknown): Behaviour => () => value;

/** A business refusal: non-retryable, with the code as failure type. */
export const refuse = (type: string, message = `refused: ${type}`): Behaviour => () => {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
};

/** A provider's transient failure, on every attempt. */
export const failTransiently = (message = 'provider unavailable'): Behaviour => () => {
  throw ApplicationFailure.create({ type: 'transient-provider-error', message, nonRetryable: false });
};

/** Fails transiently while less than `ms` of (skipped) server time passed since the first attempt, then behaves as `then`. */
export const failTransientlyFor = (ms: number, then: Behaviour = ok()): Behaviour => (call) => {
  if (call.info.currentAttemptScheduledTimestampMs - call.info.scheduledTimestampMs < ms) {
    throw ApplicationFailure.create({ type: 'transient-provider-error', message: `provider down (attempt ${call.attempt})`, nonRetryable: false });
  }
  return then(call);
};

/** Acts, then loses its answer (a timeout after the write), and keeps failing transiently. */
export const actThenFailTransiently: Behaviour = (call) => {
  call.acted();
  throw ApplicationFailure.create({ type: 'transient-provider-error', message: `the answer was lost (attempt ${call.attempt})`, nonRetryable: false });
};

/**
 * A worker that dies mid-step, `times` executions in a row: the stand-in goes silent (no
 * heartbeat, no answer) for `silentMs` of real time, longer than the step's heartbeat timeout,
 * so the server times the attempt out; then the step behaves as `then`.
 */
export const workerDiesTimes = (times: number, silentMs: number, then: Behaviour): Behaviour => {
  let died = 0;
  return async (call) => {
    if (died++ < times) {
      await new Promise((resolve) => setTimeout(resolve, silentMs));
      throw ApplicationFailure.create({ type: 'too-late', message: 'this attempt timed out long ago', nonRetryable: false });
    }
    return then(call);
  };
};

/** The first behaviour while `condition()` holds, else the second (an operator fixing a cause, say). */
export const until = (condition: () => boolean, before: Behaviour, after: Behaviour): Behaviour => (call) => (condition() ? after(call) : before(call));

/**
 * A stand-in that holds its activity open until the test lets it go: `when` can act while the
 * workflow is inside that step (`whileInside`). With `heartbeat`, it heartbeats and so hears a
 * cancellation (and fails with it); without, it finishes like an activity that ignores cancels.
 */
export class Gate {
  private enteredResolve!: () => void;
  private releaseResolve!: () => void;
  readonly entered = new Promise<void>((r) => { this.enteredResolve = r; });
  private readonly released = new Promise<void>((r) => { this.releaseResolve = r; });

  constructor(private readonly then: Behaviour = ok(), private readonly options: { heartbeat?: boolean } = {}) {}

  readonly behaviour: Behaviour = async (call) => {
    const context = Context.current();
    // One heartbeat says the activity has started: Temporal's time-skipping test server refuses
    // to cancel an activity it has not heard from yet (ACTIVITY_UNKNOWN), the real server does not.
    context.heartbeat();
    this.enteredResolve();
    if (this.options.heartbeat) {
      for (;;) {
        await Promise.race([context.cancelled, context.sleep(100)]);
        context.heartbeat();
      }
    }
    await this.released;
    return this.then(call);
  };

  /** A `when` step: once the activity is running, do `action`, then let the activity finish. */
  whileInside<H>(action: (run: Running<H>) => Promise<unknown>): WhenStep<H> {
    return async (run) => {
      await this.entered;
      await action(run);
      this.releaseResolve();
    };
  }
}

export interface Running<H> {
  readonly handle: H & WorkflowHandle;
  readonly calls: readonly ActivityCall[];
  /** Lets (skipped) time pass: timers fire. */
  readonly sleep: (ms: number) => Promise<void>;
}

export type WhenStep<H> = (run: Running<H>) => Promise<unknown>;
export type Start<H> = (client: TestWorkflowEnvironment['client'], taskQueue: string) => Promise<H & WorkflowHandle>;

/** A `when` step: waits until the workflow's query answers a state for which `ready` holds, then acts. */
export function atState<S, H>(query: (handle: H & WorkflowHandle) => Promise<S>, ready: (state: S) => boolean, action: (run: Running<H>, state: S) => Promise<unknown>): WhenStep<H> {
  return async (run) => {
    for (;;) {
      const state = await query(run.handle);
      if (ready(state)) return action(run, state);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
}

export interface Expectation<S> {
  /** Matched with toMatchObject against the workflow's result. */
  readonly state?: Partial<S> | Record<string, unknown>;
  readonly searchAttributes?: readonly (readonly [TypedKey<SearchAttributeType>, unknown])[];
  /** Activity names of the first attempts, in the order they started. */
  readonly calls?: readonly string[];
}

export interface Outcome<S> {
  readonly state: S;
  readonly calls: readonly ActivityCall[];
  readonly handle: WorkflowHandle;
}

/** One time-skipping server and one worker whose stand-in activities serve every scenario of a test file. */
export class WorkflowTestKit {
  private readonly scenarios = new Map<string, { behaviours: Behaviours; calls: ActivityCall[] }>();

  private worker: Worker | undefined;
  private running: Promise<void> = Promise.resolve();

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly taskQueue: string,
  ) {}

  /**
   * `server: 'time-skipping'` (the default) skips timers and retry backoff; `'dev-server'` runs on
   * the test run's Temporal dev server instead, for the few scenarios the time-skipping server
   * handles unlike the real one (cancelling an activity that is running).
   */
  static async create(defaults: Behaviours, options: { server?: 'time-skipping' | 'dev-server' } = {}): Promise<WorkflowTestKit> {
    quietRuntime();
    const env = options.server === 'dev-server' ? await devServerEnvironment() : await createTimeSkippingEnvironment();
    const kit = new WorkflowTestKit(env, `wf-${randomUUID().slice(0, 8)}`);
    await kit.startWorker(defaults);
    return kit;
  }

  private async startWorker(defaults: Behaviours): Promise<void> {
    this.worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle: { codePath: bundlePath() },
      activities: Object.fromEntries(Object.keys(defaults).map((name) => [name, (input: unknown) => this.answer(name, input, defaults)])),
      // Heartbeats (and so cancellations) reach the server at once instead of being throttled.
      maxHeartbeatThrottleInterval: '50 ms',
      defaultHeartbeatThrottleInterval: '50 ms',
    });
    this.running = this.worker.run();
  }

  /** Behaviours of this scenario's activities, for the workflows with these ids (a saga and its children). */
  given(behaviours: Behaviours = {}): GivenScenario {
    return new GivenScenario(this, behaviours);
  }

  /** @internal */
  register(workflowIds: readonly string[], behaviours: Behaviours): ActivityCall[] {
    const calls: ActivityCall[] = [];
    for (const id of workflowIds) this.scenarios.set(id, { behaviours, calls });
    return calls;
  }

  async teardown(): Promise<void> {
    this.worker?.shutdown();
    await this.running;
    await this.env.teardown();
  }

  private async answer(activity: string, input: unknown, defaults: Behaviours): Promise<unknown> {
    const info = Context.current().info;
    const workflowId = info.workflowExecution?.workflowId ?? '';
    const scenario = this.scenarios.get(workflowId);
    if (!scenario) throw ApplicationFailure.create({ type: 'no-scenario', message: `no scenario for workflow ${workflowId}`, nonRetryable: true });
    const record: ActivityCall = { activity, workflowId, input, attempt: info.attempt, acted: false, outcome: 'running' };
    scenario.calls.push(record);
    const behaviour = scenario.behaviours[activity] ?? defaults[activity];
    if (!behaviour) throw ApplicationFailure.create({ type: 'no-stand-in', message: `no stand-in for ${activity}`, nonRetryable: true });
    try {
      const value = await behaviour({ activity, workflowId, input, attempt: info.attempt, info, history: scenario.calls, acted: () => { record.acted = true; } });
      record.acted = true;
      record.outcome = 'returned';
      return value;
    } catch (err) {
      record.outcome = 'failed';
      throw err;
    }
  }
}

export class GivenScenario {
  private readonly childIds: string[] = [];

  constructor(private readonly kit: WorkflowTestKit, private readonly behaviours: Behaviours) {}

  /** Workflows the scenario's workflow starts (children) that use the same behaviours. */
  withChildren(...workflowIds: string[]): this {
    this.childIds.push(...workflowIds);
    return this;
  }

  when<H>(start: { readonly workflowId: string; readonly run: Start<H> }, ...steps: WhenStep<H>[]): WhenScenario<H> {
    const calls = this.kit.register([start.workflowId, ...this.childIds], this.behaviours);
    return new WhenScenario(this.kit, start, steps, calls);
  }
}

export class WhenScenario<H> {
  constructor(
    private readonly kit: WorkflowTestKit,
    private readonly start: { readonly workflowId: string; readonly run: Start<H> },
    private readonly steps: readonly WhenStep<H>[],
    private readonly calls: ActivityCall[],
  ) {}

  async then<S>(expected: Expectation<S>): Promise<Outcome<S>> {
    const handle = await this.start.run(this.kit.env.client, this.kit.taskQueue);
    const run: Running<H> = { handle, calls: this.calls, sleep: (ms) => this.kit.env.sleep(ms) };
    for (const step of this.steps) await step(run);
    const state = (await handle.result()) as S;
    if (expected.state) expect(state).toMatchObject(expected.state);
    if (expected.searchAttributes) {
      const { typedSearchAttributes } = await handle.describe();
      for (const [key, value] of expected.searchAttributes) expect([key.name, typedSearchAttributes.get(key)]).toEqual([key.name, value]);
    }
    if (expected.calls) expect(firstAttempts(this.calls, this.start.workflowId)).toEqual(expected.calls);
    return { state, calls: this.calls, handle };
  }
}

/** The activities a workflow started, by name, in order (retries left out). */
export function firstAttempts(calls: readonly ActivityCall[], workflowId?: string): string[] {
  return calls.filter((c) => c.attempt === 1 && (workflowId === undefined || c.workflowId === workflowId)).map((c) => c.activity);
}

let runtimeInstalled = false;
/** Stand-ins fail on purpose: keep the SDK's warnings about it out of the test output. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

async function devServerEnvironment(): Promise<TestWorkflowEnvironment> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the tests through vitest (global setup starts Temporal)');
  return TestWorkflowEnvironment.createFromExistingServer({ address });
}

function bundlePath(): string {
  const path = process.env.WORKFLOW_BUNDLE_PATH;
  if (!path) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run the tests through vitest (global setup bundles the workflows)');
  return path;
}
