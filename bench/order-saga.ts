/**
 * Order saga benchmark (issue 4): sagas per second and p50/p99 end-to-end latency for orders
 * placed over REST, side by side in the same run with a bare workflow running as many no-op
 * activities (the engine's ceiling on this machine), and the ratio of the two.
 *
 *   npx tsx bench/order-saga.ts [--quick] [--orders N] [--concurrency C] [--rounds R] [--direct N]
 *
 * Starts its own Temporal dev server, FerretDB, API and worker; writes bench/results/order-saga.json
 * (order-saga.quick.json with --quick).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from './order-saga/config';
import { ferretDbBinary } from './order-saga/environment';
import { renderReport, ratios, workloadReport } from './order-saga/report';
import { measureSideBySide, type PlannedWorkload } from './order-saga/side-by-side';
import { BENCH_POLICY_ENV, startBenchStack } from './order-saga/stack';
import { runClosedLoop } from './order-saga/stats';
import { bareChain, sagaOverClient, sagaOverRest, skuNames, stockSku } from './order-saga/workloads';

const STOCK_PER_SKU = 5;

async function main(): Promise<void> {
  const config = parseArgs(process.argv.slice(2));
  const resultsPath = new URL(`./results/order-saga${config.quick ? '.quick' : ''}.json`, import.meta.url).pathname;
  const log = (line: string) => console.error(line);
  const started = performance.now();
  const loadBefore = loadavg();
  const stack = await startBenchStack(log);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the servers, API and worker...`);
      // Operations still in flight fail as their connections close; only the cleanup matters now.
      process.on('uncaughtException', () => undefined);
      void stack.stop().finally(() => process.exit(130));
    });
  }
  try {
    const restSkus = skuNames('R', config.warmup + config.orders);
    const directSkus = skuNames('C', config.directOrders > 0 ? config.warmup + config.directOrders : 0);
    log(`stocking ${restSkus.length + directSkus.length} SKUs (one per order)...`);
    const all = [...restSkus, ...directSkus];
    const stocked = await runClosedLoop(all.length, config.concurrency, (i) => stockSku(stack, all[i] as string, STOCK_PER_SKU));
    if (stocked.failures.length > 0) throw new Error(`stocking failed: ${stocked.failures[0]}`);

    const plan: PlannedWorkload[] = [
      { workload: sagaOverRest(stack, restSkus), count: config.orders },
      { workload: bareChain(stack, config.bareActivities), count: config.orders },
    ];
    if (config.directOrders > 0) plan.push({ workload: await sagaOverClient(stack, directSkus), count: config.directOrders });
    log(`measuring ${plan.map((p) => `${p.workload.name} ×${p.count}`).join(', ')} after a warm-up of ${config.warmup} each, in ${config.rounds} alternating round(s)`);
    const results = await measureSideBySide(plan, config, log);

    const reports = results.map((r) => workloadReport(r, stack.ledger));
    const [rest, bare] = reports;
    if (!rest || !bare) throw new Error('missing workload results');
    const sagaVsBare = ratios(rest, bare);
    const notes = [
      'Each order has one line on a SKU of its own (no contention on stock streams); every order has its own customer.',
      `Saga policy: dispatchAfter ${BENCH_POLICY_ENV.ORDER_DISPATCH_AFTER}, no manual review. Simulated payment gateway and carrier answer after 20-80 ms.`,
      `Closed loop: ${config.concurrency} operations in flight per workload; workloads never overlap.`,
      `Load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs.`,
    ];
    console.log(renderReport(config, reports, sagaVsBare, notes));

    mkdirSync(new URL('./results/', import.meta.url).pathname, { recursive: true });
    writeFileSync(
      resultsPath,
      `${JSON.stringify(
        {
          benchmark: 'order-saga',
          date: new Date().toISOString(),
          config,
          machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
          ferretDb: ferretDbBinary(),
          ratios: { sagaRestOverBare: sagaVsBare },
          workloads: reports,
          notes,
          wallSeconds: (performance.now() - started) / 1000,
        },
        null,
        2,
      )}\n`,
    );
    log(`wrote ${resultsPath} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
