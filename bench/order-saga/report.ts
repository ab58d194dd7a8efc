import type { OrderSagaBenchConfig } from './config';
import { perOp, type WorkloadResult } from './side-by-side';
import type { CallStats, TimeLedger } from './time-ledger';

export interface Breakdown {
  /** Mean end-to-end milliseconds of completed operations. */
  readonly endToEndMs: number;
  /** Mean milliseconds per workflow inside activity functions... */
  readonly inActivitiesMs: number;
  /** ...of which in event-store calls... */
  readonly eventStoreMs: number;
  /** ...and in the (simulated) payment gateway and carrier, 20-80 ms latency per call included. */
  readonly providersMs: number;
  /** Everything outside activities: REST (if any), Temporal task dispatch, workflow tasks, history, timers. */
  readonly outsideActivitiesMs: number;
}

export interface WorkloadReport extends Omit<WorkloadResult, 'workflowIds'> {
  readonly breakdown: Breakdown;
  /** CPU milliseconds per completed operation, by process. */
  readonly cpuMsPerOp: Record<string, number>;
  /** CPU seconds of the bench's processes per wall-clock second while the workload ran (of os.cpus().length). */
  readonly coresBusy: number;
  readonly calls: readonly CallStats[];
}

export function workloadReport(result: WorkloadResult, ledger: TimeLedger): WorkloadReport {
  const { workflowIds, ...rest } = result;
  const inActivitiesMs = ledger.meanPerWorkflow(workflowIds, 'activity');
  return {
    ...rest,
    breakdown: {
      endToEndMs: result.latencyMs.mean,
      inActivitiesMs,
      eventStoreMs: ledger.meanPerWorkflow(workflowIds, 'event-store'),
      providersMs: ledger.meanPerWorkflow(workflowIds, 'provider'),
      outsideActivitiesMs: result.latencyMs.mean - inActivitiesMs,
    },
    coresBusy: Object.values(result.cpuSeconds).reduce((a, b) => a + b, 0) / result.seconds,
    cpuMsPerOp: perOp(result.cpuSeconds, result.completed),
    calls: ledger.calls(workflowIds),
  };
}

export interface Ratios {
  /** Saga (REST) throughput as a fraction of the bare workflow's. */
  readonly throughput: number;
  /** Saga (REST) latency as a multiple of the bare workflow's. */
  readonly p50Latency: number;
  readonly p99Latency: number;
}

export function ratios(saga: WorkloadReport, bare: WorkloadReport): Ratios {
  return {
    throughput: saga.perSecond / bare.perSecond,
    p50Latency: saga.latencyMs.p50 / bare.latencyMs.p50,
    p99Latency: saga.latencyMs.p99 / bare.latencyMs.p99,
  };
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 1 : 0) : '-');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderReport(config: OrderSagaBenchConfig, reports: readonly WorkloadReport[], sagaVsBare: Ratios, notes: readonly string[]): string {
  const cpuNames = [...new Set(reports.flatMap((r) => Object.entries(r.cpuMsPerOp).filter(([, v]) => v >= 1).map(([k]) => k)))];
  const out: string[] = [];
  out.push(`Order saga vs bare workflow: ${config.orders} operations per workload (${config.directOrders} direct sagas) at concurrency ${config.concurrency}, ${config.rounds} alternating round(s)${config.quick ? ' (quick)' : ''}`);
  out.push('');
  out.push(
    table(
      ['workload', 'ok', 'failed', 'per s', 'p50 ms', 'p99 ms', 'mean ms', ...cpuNames.map((n) => `cpu ms/op ${n}`), 'cores busy'],
      reports.map((r) => [
        r.name,
        String(r.completed),
        String(r.failed),
        r.perSecond.toFixed(2),
        ms(r.latencyMs.p50),
        ms(r.latencyMs.p99),
        ms(r.latencyMs.mean),
        ...cpuNames.map((n) => ms(r.cpuMsPerOp[n] ?? Number.NaN)),
        r.coresBusy.toFixed(2),
      ]),
    ),
  );
  out.push('');
  out.push(
    `saga (REST) / bare: throughput ${(100 * sagaVsBare.throughput).toFixed(1)}% of the ceiling; ` +
      `latency p50 ×${sagaVsBare.p50Latency.toFixed(2)}, p99 ×${sagaVsBare.p99Latency.toFixed(2)}`,
  );
  const direct = reports.find((r) => r.name === 'saga-client');
  const rest = reports.find((r) => r.name === 'saga-rest');
  if (rest?.answer) {
    const statuses = Object.entries(rest.answer.statuses).map(([k, n]) => `${k} ×${n}`).join(', ');
    out.push(`REST answer (POST /orders?wait=30 to its response): p50 ${ms(rest.answer.latencyMs.p50)} ms, p99 ${ms(rest.answer.latencyMs.p99)} ms; answered ${statuses}`);
  }
  if (direct && rest) {
    out.push(`REST layer: saga-rest mean ${ms(rest.latencyMs.mean)} ms vs saga-client ${ms(direct.latencyMs.mean)} ms (+${ms(rest.latencyMs.mean - direct.latencyMs.mean)} ms)`);
  }
  out.push('');
  out.push('Where the time goes (mean ms per operation; activity times measured inside the worker):');
  out.push(
    table(
      ['workload', 'end-to-end', 'in activities', 'event store', 'providers', 'other in act.', 'outside activities'],
      reports.map((r) => {
        const b = r.breakdown;
        return [r.name, ms(b.endToEndMs), ms(b.inActivitiesMs), ms(b.eventStoreMs), ms(b.providersMs), ms(b.inActivitiesMs - b.eventStoreMs - b.providersMs), ms(b.outsideActivitiesMs)];
      }),
    ),
  );
  out.push('');
  out.push('Per batch, in the order run (drift as the event store grows):');
  out.push(
    table(
      ['workload', 'round', 'ok', 'per s', 'p50 ms', 'cpu ms/op ferretdb', 'cpu ms/op temporal'],
      reports.flatMap((r) => r.batches.map((b) => [r.name, String(b.round), String(b.completed), b.perSecond.toFixed(2), ms(b.p50Ms), ms(b.cpuMsPerOp.ferretdb ?? Number.NaN), ms(b.cpuMsPerOp.temporal ?? Number.NaN)])),
    ),
  );
  if (rest) {
    out.push('');
    out.push('Saga (REST) calls inside the worker:');
    out.push(
      table(
        ['call', 'per saga', 'mean ms', 'ms per saga'],
        rest.calls.map((c) => [c.name, c.callsPerWorkflow.toFixed(2), ms(c.meanMs), ms(c.msPerWorkflow)]),
      ),
    );
  }
  for (const r of reports) {
    for (const [reason, count] of Object.entries(r.failures)) out.push(`failure ${r.name} ×${count}: ${reason}`);
  }
  if (notes.length > 0) out.push('', ...notes);
  return out.join('\n');
}
