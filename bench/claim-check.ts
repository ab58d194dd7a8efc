/**
 * Claim check benchmark (issue 16): upload and download throughput of 1 MiB and 16 MiB through
 * the claim store and the API, next to a raw GridFS write and read of the same bytes in the same
 * run; GridFS and claim reads as the bucket grows; the cost of a workflow whose 1 MiB input goes
 * through the claim store next to the same workflow with a 100 KiB inline input.
 *
 *   npx tsx bench/claim-check.ts [--quick]
 *
 * Starts its own Temporal dev server, FerretDB (SQLite), API and worker; writes
 * bench/results/claim-check.json (claim-check.quick.json with --quick).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { summarize } from './latency-summary';
import { ferretDbBinary } from './order-saga/environment';
import { startClaimBenchStack } from './claim-check/stack';
import { growthRound, transferRound, type TransferSample } from './claim-check/transfers';
import { workflowRound, type WorkflowSample } from './claim-check/workflow-cost';
import { TEST_KEYS } from '../test/support/api-harness';
import { EventStore } from '../shared/platform/event-store';
import { orderStreamId } from '../shared/domain/ordering/order/order-stream';

const MiB = 1024 * 1024;
const quick = process.argv.includes('--quick');
const ROUNDS: Record<number, number> = quick ? { [MiB]: 2, [16 * MiB]: 1 } : { [MiB]: 5, [16 * MiB]: 3 };
const GROWTH = quick ? [0, 10] : [0, 20, 40];
const WORKFLOW_RUNS = quick ? 3 : 10;
const log = (line: string) => console.error(line);
const mbps = (bytes: number, ms: number) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;
const median = (xs: number[]) => summarize(xs).p50;

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const stack = await startClaimBenchStack(log);
  try {
    const { api } = stack;
    const db = api.deps.mongo.db;
    // Any order will do for attachments: this one is rejected (unknown SKU), its stream exists.
    const order = {
      orderId: `bench_${Date.now()}`,
      customerId: 'cus_bench',
      lines: [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPriceCents: 100 }],
      shippingAddress: { name: 'Ada Lovelace', line1: '1 Market St', city: 'San Francisco', state: 'CA', zip: '94103' },
      payment: { card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030 } },
    };
    await api.request('POST', '/orders', { key: TEST_KEYS.commands, body: order });
    const events = new EventStore(db);
    while ((await events.streamHead(orderStreamId(order.orderId))) === 0) await new Promise((r) => setTimeout(r, 100));

    const transfers: Record<string, unknown> = {};
    for (const [size, rounds] of Object.entries(ROUNDS).map(([s, r]) => [Number(s), r] as const)) {
      const samples: TransferSample[] = [];
      for (let i = 0; i < rounds; i++) {
        samples.push(await transferRound(api, db, order.orderId, size));
        log(`  ${size / MiB} MiB round ${i + 1}/${rounds}`);
      }
      const row = (field: keyof TransferSample) => mbps(size, median(samples.map((s) => s[field])));
      transfers[`${size / MiB} MiB`] = {
        rounds,
        mbPerSecond: {
          gridfsWrite: row('gridfsWriteMs'), claimWrite: row('claimWriteMs'), httpUpload: row('httpUploadMs'),
          gridfsRead: row('gridfsReadMs'), claimRead: row('claimReadMs'), httpDownload: row('httpDownloadMs'),
        },
        ratios: {
          claimWriteVsGridfs: round2(median(samples.map((s) => s.gridfsWriteMs)) / median(samples.map((s) => s.claimWriteMs))),
          claimReadVsGridfs: round2(median(samples.map((s) => s.gridfsReadMs)) / median(samples.map((s) => s.claimReadMs))),
          httpUploadVsGridfsWrite: round2(median(samples.map((s) => s.gridfsWriteMs)) / median(samples.map((s) => s.httpUploadMs))),
          httpDownloadVsGridfsRead: round2(median(samples.map((s) => s.gridfsReadMs)) / median(samples.map((s) => s.httpDownloadMs))),
        },
        samples,
      };
    }

    log('growth: reading 1 MiB with other 1 MiB files beside it...');
    const growth = [];
    for (const others of GROWTH) growth.push(await growthRound(db, others));

    log('workflow cost: 100 KiB inline vs 1 MiB through the claim store...');
    const runs: Record<'inline' | 'claim', WorkflowSample[]> = { inline: [], claim: [] };
    await workflowRound(api, 100 * 1024);
    await workflowRound(api, MiB);
    for (let i = 0; i < WORKFLOW_RUNS; i++) {
      runs.inline.push(await workflowRound(api, 100 * 1024));
      runs.claim.push(await workflowRound(api, MiB));
    }
    const workflow = {
      runs: WORKFLOW_RUNS,
      inline100KiB: { ...summarize(runs.inline.map((r) => r.ms)), historyBytes: median(runs.inline.map((r) => r.historyBytes)) },
      claim1MiB: { ...summarize(runs.claim.map((r) => r.ms)), historyBytes: median(runs.claim.map((r) => r.historyBytes)) },
    };
    const result = {
      benchmark: 'claim-check',
      quick,
      machine: { cpus: cpus().length, loadBefore, loadAfter: loadavg() },
      ferretdb: ferretDbBinary(),
      transfers,
      growth,
      workflow: { ...workflow, p50Ratio: round2(workflow.claim1MiB.p50 / workflow.inline100KiB.p50) },
    };
    const path = new URL(`./results/claim-check${quick ? '.quick' : ''}.json`, import.meta.url).pathname;
    mkdirSync(new URL('./results/', import.meta.url).pathname, { recursive: true });
    writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify({ transfers: Object.fromEntries(Object.entries(transfers).map(([k, v]) => [k, { ...(v as object), samples: undefined }])), growth, workflow: result.workflow }, null, 2));
    log(`written ${path}`);
  } finally {
    await stack.stop();
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

await main();
